//! The inquiries of the OCR audit protocol a workspace can answer, each with its citation
//! (as in the Security Rule's text: `reference/security-rule-citations.md`) and what the
//! investigator asks for.

/// One inquiry of the audit protocol, in the protocol's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Inquiry {
    RiskAnalysis,
    RiskManagement,
    SanctionPolicy,
    ActivityReview,
    SecurityResponsibility,
    WorkforceSecurity,
    AccessManagement,
    Training,
    IncidentProcedures,
    ContingencyPlan,
    ContingencyTesting,
    Evaluation,
    BusinessAssociates,
    PoliciesAndProcedures,
    Documentation,
}

impl Inquiry {
    pub const ALL: &'static [Inquiry] = &[
        Inquiry::RiskAnalysis,
        Inquiry::RiskManagement,
        Inquiry::SanctionPolicy,
        Inquiry::ActivityReview,
        Inquiry::SecurityResponsibility,
        Inquiry::WorkforceSecurity,
        Inquiry::AccessManagement,
        Inquiry::Training,
        Inquiry::IncidentProcedures,
        Inquiry::ContingencyPlan,
        Inquiry::ContingencyTesting,
        Inquiry::Evaluation,
        Inquiry::BusinessAssociates,
        Inquiry::PoliciesAndProcedures,
        Inquiry::Documentation,
    ];

    /// The citation, as the Security Rule's text gives it.
    pub fn citation(self) -> &'static str {
        match self {
            Inquiry::RiskAnalysis => "§164.308(a)(1)(ii)(A)",
            Inquiry::RiskManagement => "§164.308(a)(1)(ii)(B)",
            Inquiry::SanctionPolicy => "§164.308(a)(1)(ii)(C)",
            Inquiry::ActivityReview => "§164.308(a)(1)(ii)(D)",
            Inquiry::SecurityResponsibility => "§164.308(a)(2)",
            Inquiry::WorkforceSecurity => "§164.308(a)(3)(i)",
            Inquiry::AccessManagement => "§164.308(a)(4)(i)",
            Inquiry::Training => "§164.308(a)(5)(i)",
            Inquiry::IncidentProcedures => "§164.308(a)(6)(i)",
            Inquiry::ContingencyPlan => "§164.308(a)(7)(i)",
            Inquiry::ContingencyTesting => "§164.308(a)(7)(ii)(D)",
            Inquiry::Evaluation => "§164.308(a)(8)",
            Inquiry::BusinessAssociates => "§164.308(b)(1)",
            Inquiry::PoliciesAndProcedures => "§164.316(a)",
            Inquiry::Documentation => "§164.316(b)(1)",
        }
    }

    /// The standard's or specification's name, as the Security Rule gives it.
    pub fn name(self) -> &'static str {
        match self {
            Inquiry::RiskAnalysis => "Risk analysis",
            Inquiry::RiskManagement => "Risk management",
            Inquiry::SanctionPolicy => "Sanction policy",
            Inquiry::ActivityReview => "Information system activity review",
            Inquiry::SecurityResponsibility => "Assigned security responsibility",
            Inquiry::WorkforceSecurity => "Workforce security",
            Inquiry::AccessManagement => "Information access management",
            Inquiry::Training => "Security awareness and training",
            Inquiry::IncidentProcedures => "Security incident procedures",
            Inquiry::ContingencyPlan => "Contingency plan",
            Inquiry::ContingencyTesting => "Testing and revision procedures",
            Inquiry::Evaluation => "Evaluation",
            Inquiry::BusinessAssociates => "Business associate contracts and other arrangements",
            Inquiry::PoliciesAndProcedures => "Policies and procedures",
            Inquiry::Documentation => "Documentation",
        }
    }

    /// What the investigator asks to see, in a sentence.
    pub fn asks(self) -> &'static str {
        match self {
            Inquiry::RiskAnalysis => {
                "The current risk analysis: an accurate and thorough assessment of the risks and vulnerabilities \
                 to the confidentiality, integrity and availability of ePHI, with its scope and inventory."
            }
            Inquiry::RiskManagement => {
                "The security measures taken to reduce the risks to a reasonable and appropriate level: the \
                 remediation plan and its progress."
            }
            Inquiry::SanctionPolicy => {
                "The sanction policy and the sanctions applied to workforce members who failed to comply."
            }
            Inquiry::ActivityReview => {
                "The procedures for, and records of, regular reviews of system activity (audit logs, access \
                 reports, incident tracking)."
            }
            Inquiry::SecurityResponsibility => "The security official responsible for the policies and procedures.",
            Inquiry::WorkforceSecurity => {
                "The workforce's authorization or supervision, clearance and termination procedures, and who \
                 is in the workforce."
            }
            Inquiry::AccessManagement => {
                "The policies for authorizing access to ePHI and the records of access granted, reviewed and \
                 changed."
            }
            Inquiry::Training => {
                "The security awareness and training program: sessions held and who attended, reminders."
            }
            Inquiry::IncidentProcedures => {
                "The procedures to identify and respond to security incidents, and the incidents recorded with \
                 their outcomes."
            }
            Inquiry::ContingencyPlan => {
                "The contingency plan: data backup, disaster recovery and emergency mode operation plans."
            }
            Inquiry::ContingencyTesting => "The tests of the contingency plans and the revisions they led to.",
            Inquiry::Evaluation => {
                "Periodic technical and nontechnical evaluations of how well the policies and procedures meet \
                 the Security Rule."
            }
            Inquiry::BusinessAssociates => {
                "The business associates that handle ePHI and their contracts or other arrangements."
            }
            Inquiry::PoliciesAndProcedures => "The written policies and procedures, with their versions.",
            Inquiry::Documentation => {
                "The documentation of the actions, activities and assessments the rule requires, kept for six \
                 years from creation or last effective date (§164.316(b)(2)(i)), available and updated."
            }
        }
    }

    /// A short stable key (the HTML anchor).
    pub fn key(self) -> &'static str {
        match self {
            Inquiry::RiskAnalysis => "risk-analysis",
            Inquiry::RiskManagement => "risk-management",
            Inquiry::SanctionPolicy => "sanction-policy",
            Inquiry::ActivityReview => "activity-review",
            Inquiry::SecurityResponsibility => "security-responsibility",
            Inquiry::WorkforceSecurity => "workforce-security",
            Inquiry::AccessManagement => "access-management",
            Inquiry::Training => "training",
            Inquiry::IncidentProcedures => "incident-procedures",
            Inquiry::ContingencyPlan => "contingency-plan",
            Inquiry::ContingencyTesting => "contingency-testing",
            Inquiry::Evaluation => "evaluation",
            Inquiry::BusinessAssociates => "business-associates",
            Inquiry::PoliciesAndProcedures => "policies-and-procedures",
            Inquiry::Documentation => "documentation",
        }
    }

    /// The heading of its entry in the index: the citation and the name.
    pub fn heading(self) -> String {
        format!("{} {}", self.citation(), self.name())
    }
}
