//! Records described once. Each kind of record (asset, person, scenario...) has one field
//! enum: for every field its key (CSV column, JSON key, form key), its label, the kind of
//! value it holds, the table columns it is stored in, and an exhaustive get and set. The
//! store's SQL, the CSV columns, the re-import merge, the year-over-year diff, the forms,
//! the list columns and the report tables are all derived from it, so a new field is one
//! struct field, one variant and its two match arms (the compiler points at both), plus
//! the migration that adds its column.

use chrono::NaiveDate;

use super::Id;
use super::model::EphiActions;

/// The kind of value a field holds: what a form edits, how CSV spells it, how SQL stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Free text. `required` refuses a blank value; `multiline` edits in a text area;
    /// `null_when_empty` stores an empty value as SQL NULL (columns that are NULL for
    /// records the field does not apply to, such as vendor details).
    Text {
        required: bool,
        multiline: bool,
        null_when_empty: bool,
    },
    /// An optional whole number.
    Count,
    /// An optional calendar date.
    Date,
    /// One value of a closed vocabulary: (key, label) pairs. `optional` allows blank.
    Choice {
        choices: &'static [(&'static str, &'static str)],
        optional: bool,
    },
    /// An optional person of the workspace, stored by id, written in files by name.
    Person,
    /// The four ePHI actions (create, receive, maintain, transmit).
    Ephi,
}

impl ValueKind {
    pub const TEXT: ValueKind = ValueKind::Text {
        required: false,
        multiline: false,
        null_when_empty: false,
    };
    pub const REQUIRED_TEXT: ValueKind = ValueKind::Text {
        required: true,
        multiline: false,
        null_when_empty: false,
    };
    pub const NOTES: ValueKind = ValueKind::Text {
        required: false,
        multiline: true,
        null_when_empty: false,
    };

    /// The closed vocabulary of a labeled enum, required.
    pub const fn choice_of(choices: &'static [(&'static str, &'static str)]) -> ValueKind {
        ValueKind::Choice {
            choices,
            optional: false,
        }
    }

    /// The value a blank cell or an empty form field means.
    pub fn blank(self) -> Value {
        match self {
            ValueKind::Text { .. } => Value::Text(String::new()),
            ValueKind::Count => Value::Count(None),
            ValueKind::Date => Value::Date(None),
            ValueKind::Choice { .. } => Value::Choice(None),
            ValueKind::Person => Value::Person(None),
            ValueKind::Ephi => Value::Ephi(EphiActions::default()),
        }
    }
}

/// One field's value, whatever the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Count(Option<u64>),
    Date(Option<NaiveDate>),
    /// The key of the chosen value; None when blank.
    Choice(Option<&'static str>),
    Person(Option<Id>),
    Ephi(EphiActions),
}

impl Value {
    /// The canonical text of the value, as CSV writes it and the year-over-year diff
    /// compares it: keys, ISO dates, `CRMT` letters. A person prints by `person_name`.
    pub fn canonical(&self, person_name: &dyn Fn(Option<Id>) -> String) -> String {
        match self {
            Value::Text(text) => text.clone(),
            Value::Count(count) => count.map(|count| count.to_string()).unwrap_or_default(),
            Value::Date(date) => date.map(|date| date.to_string()).unwrap_or_default(),
            Value::Choice(key) => key.unwrap_or_default().to_string(),
            Value::Person(id) => person_name(*id),
            Value::Ephi(ephi) => {
                if ephi.is_none() {
                    "none".to_string()
                } else {
                    ephi.letters()
                }
            }
        }
    }

    /// The value as people read it: labels instead of keys, `out of scope` for no ePHI
    /// action; empty when blank.
    pub fn shown(&self, kind: ValueKind, person_name: &dyn Fn(Option<Id>) -> String) -> String {
        match (self, kind) {
            (Value::Choice(Some(key)), ValueKind::Choice { choices, .. }) => choices
                .iter()
                .find(|(choice, _)| choice == key)
                .map_or_else(|| key.to_string(), |(_, label)| label.to_string()),
            (Value::Ephi(ephi), _) if ephi.is_none() => "out of scope".to_string(),
            _ => self.canonical(person_name),
        }
    }

    /// The text, for a text field (any other kind is a programming error caught by `set`).
    pub fn into_text(self) -> Result<String, FieldError> {
        match self {
            Value::Text(text) => Ok(text),
            other => Err(FieldError::WrongKind(other)),
        }
    }
    pub fn into_count(self) -> Result<Option<u64>, FieldError> {
        match self {
            Value::Count(count) => Ok(count),
            other => Err(FieldError::WrongKind(other)),
        }
    }
    pub fn into_date(self) -> Result<Option<NaiveDate>, FieldError> {
        match self {
            Value::Date(date) => Ok(date),
            other => Err(FieldError::WrongKind(other)),
        }
    }
    pub fn into_person(self) -> Result<Option<Id>, FieldError> {
        match self {
            Value::Person(id) => Ok(id),
            other => Err(FieldError::WrongKind(other)),
        }
    }
    pub fn into_ephi(self) -> Result<EphiActions, FieldError> {
        match self {
            Value::Ephi(ephi) => Ok(ephi),
            other => Err(FieldError::WrongKind(other)),
        }
    }
    /// The chosen value of a labeled enum; None when blank.
    pub fn into_choice<T: super::Labeled>(self) -> Result<Option<T>, FieldError> {
        match self {
            Value::Choice(None) => Ok(None),
            Value::Choice(Some(key)) => T::from_key(key).map(Some).ok_or(FieldError::UnknownKey(key)),
            other => Err(FieldError::WrongKind(other)),
        }
    }
    /// The chosen value of a required labeled enum: blank is refused.
    pub fn into_required<T: super::Labeled>(self) -> Result<T, FieldError> {
        self.into_choice()?.ok_or(FieldError::Blank)
    }
    /// A count held in a smaller integer (months, a workforce size): a larger one is refused.
    pub fn into_count_of<T: TryFrom<u64>>(self) -> Result<Option<T>, FieldError> {
        self.into_count()?
            .map(|count| T::try_from(count).map_err(|_| FieldError::TooLarge(count)))
            .transpose()
    }
}

/// Why a value could not be set: the caller handed the wrong kind (a bug) or a blank for a
/// required choice.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("a value of the wrong kind: {0:?}")]
    WrongKind(Value),
    #[error("unknown key `{0}`")]
    UnknownKey(&'static str),
    #[error("a value is required")]
    Blank,
    #[error("{0} is too large")]
    TooLarge(u64),
}

/// What a field is: its key, label, kind of value and the table columns that hold it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// Stable key: the CSV column, the JSON key and the form field's name.
    pub key: &'static str,
    /// Shown to people: form labels, column headings.
    pub label: &'static str,
    pub kind: ValueKind,
    /// The SQL columns, in order (the ePHI actions take four).
    pub columns: &'static [&'static str],
}

impl FieldSpec {
    /// What the field is called in a sentence: its label in lower case, but for words
    /// written in capitals (BAA, ePHI).
    pub fn noun(&self) -> String {
        let words: Vec<String> = self
            .label
            .split(' ')
            .map(|word| {
                if word.chars().filter(char::is_ascii_uppercase).count() > 1 {
                    word.to_string()
                } else {
                    word.to_lowercase()
                }
            })
            .collect();
        words.join(" ")
    }
}

/// The field enum of one kind of record.
pub trait Field: Copy + Eq + std::fmt::Debug + 'static {
    type Record;
    /// Every field, in the order forms, CSV files and tables show them.
    const ALL: &'static [Self];
    fn spec(self) -> FieldSpec;
    fn get(self, record: &Self::Record) -> Value;
    fn set(self, record: &mut Self::Record, value: Value) -> Result<(), FieldError>;

    fn key(self) -> &'static str {
        self.spec().key
    }
    fn label(self) -> &'static str {
        self.spec().label
    }
    fn kind(self) -> ValueKind {
        self.spec().kind
    }
    /// The field whose key is `key`.
    fn from_key(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|field| field.key() == key)
    }
}

/// A kind of record described by its field enum.
pub trait Record: Clone + Default + PartialEq {
    type Field: Field<Record = Self>;
    /// What one record is called in messages: "asset".
    const NOUN: &'static str;
    /// The table that holds the records.
    const TABLE: &'static str;
    fn id(&self) -> Id;
    fn set_id(&mut self, id: Id);
}

/// `record` with `from`'s values in `fields`: the re-import merge and any partial update.
pub fn merge<R: Record>(record: &R, from: &R, fields: &[R::Field]) -> R {
    let mut merged = record.clone();
    for field in fields {
        // The same kind of record on both sides: a set of a value just read cannot fail.
        let _ = field.set(&mut merged, field.get(from));
    }
    merged
}

/// The fields whose values differ between two versions of a record.
pub fn changed_fields<R: Record>(before: &R, after: &R) -> Vec<R::Field> {
    <R::Field as Field>::ALL
        .iter()
        .copied()
        .filter(|field| field.get(before) != field.get(after))
        .collect()
}

/// Declares a record's field enum with each field's key, label, kind and columns. The get
/// and set arms are written by hand beside it (exhaustive matches, so a new variant is a
/// compile error until both are written).
#[macro_export]
macro_rules! record_fields {
    (
        $(#[$meta:meta])*
        pub enum $name:ident for $record:ty {
            $( $(#[$vmeta:meta])* $variant:ident => ($key:literal, $label:literal, $kind:expr, [$($column:literal),+]) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $name {
            const SPECS: &'static [$crate::domain::record::FieldSpec] = &[
                $( $crate::domain::record::FieldSpec { key: $key, label: $label, kind: $kind, columns: &[$($column),+] } ),+
            ];
            pub const LIST: &'static [$name] = &[ $( $name::$variant ),+ ];
            fn spec_of(self) -> $crate::domain::record::FieldSpec {
                Self::SPECS[self as usize]
            }
        }
    };
}
