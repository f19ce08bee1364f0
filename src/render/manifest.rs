//! manifest.json: what a run read and wrote — the plan with its hash, every
//! input file with its SHA-256 and how it was used, every output with its
//! SHA-256. No clock time: the same inputs give the same manifest.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Manifest {
    pub tool: String,
    pub quarter: String,
    /// The run's date (--as-of), which dates every output.
    pub as_of: String,
    pub plan: PlanEntry,
    pub inputs: Vec<InputEntry>,
    pub outputs: Vec<OutputEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanEntry {
    /// 内置默认计划, or the plan file's path.
    pub source: String,
    pub version: String,
    pub year: i32,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputEntry {
    /// The quarter whose inbox holds the file.
    pub quarter: String,
    pub file: String,
    pub sha256: String,
    pub size: u64,
    pub unit: Option<String>,
    /// 采用, 退回, 重复未采用, 无法读取, 单位不明.
    pub status: String,
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutputEntry {
    pub file: String,
    pub sha256: String,
    pub size: u64,
}

impl Manifest {
    /// The manifest as indented JSON and a final newline, written to `out`
    /// as it is made (at 10,000 units and four quarters it is ~11 MB).
    pub fn write_json(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self)?;
        out.write_all(b"\n")
    }
}
