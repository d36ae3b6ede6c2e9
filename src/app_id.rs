//! Who this program is, for the layers that must recognise its files or name its folders
//! without knowing how a workspace is stored: the `PRAGMA application_id` every workspace
//! carries and the program's name. A ground module: it uses nothing else in the crate.

/// The program's name: its command, and the folder it keeps data, keys and logs in.
pub const NAME: &str = "hipaa-ra";

/// `PRAGMA application_id` of every workspace: "HIRA" in ASCII.
pub const APPLICATION_ID: i32 = 0x4849_5241;
