"""Validates an OSCAL plan-of-action-and-milestones JSON file with compliance-trestle's
models of the official OSCAL 1.1.x schema (strict: unknown fields, wrong types, bad uuids,
tokens and dates all fail). Prints one line; exit 0 when valid, 1 when not, 3 when
trestle is not installed (the Rust test then skips with a message).

Usage: python3 validate.py FILE.json
"""

import pathlib
import sys

try:
    from trestle.oscal import OSCAL_VERSION
    from trestle.oscal.poam import PlanOfActionAndMilestones
except ImportError as error:  # not installed here
    print(f"compliance-trestle is not installed: {error}")
    sys.exit(3)


def main() -> int:
    path = pathlib.Path(sys.argv[1])
    try:
        document = PlanOfActionAndMilestones.oscal_read(path)
    except Exception as error:  # pydantic's ValidationError and JSON errors alike
        # The first few problems are enough to find the field; the rest repeat them.
        lines = str(error).splitlines()
        print(f"invalid: {path}: " + " | ".join(lines[:7]))
        return 1
    if document is None:
        print(f"invalid: {path}: not a plan-of-action-and-milestones document")
        return 1
    print(f"valid: {path} against OSCAL {OSCAL_VERSION} (compliance-trestle)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
