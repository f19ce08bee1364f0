//! Official documents (公文) to GB/T 9704-2012, written with docx-rs.
//!
//! - [`model`]: the document as data — 版头 (mark, 发文字号), 主体 (title,
//!   addressee, headings, paragraphs, tables, 附件说明, 署名, 成文日期, 附注),
//!   附件 and 版记;
//! - [`render_docx`]: lays it out to the figures of the standard (A4, 22 × 28
//!   grid, fonts and sizes per element, red mark and rule, page numbers,
//!   版记 at the bottom of the last page); identical input, identical bytes;
//! - [`wording`]: the words of each document in editable templates
//!   (`templates/docs/*.j2`), built in and overridable from a folder;
//! - [`notices`]: the plan notice, 催报通知 and 退回通知;
//! - `fixup`: the one place that edits docx-rs's XML for what it cannot write.
//!
//! Later documents (the quarterly 通报, the annual summary) build a
//! [`Document`] the same way: render a template into [`Worded`], fill its
//! slots with tables from code, and pass it to [`render_docx`].

pub mod bulletin;
mod docx;
mod fixup;
mod metrics;
pub mod model;
pub mod notices;
pub mod text;
pub mod wording;

pub use bulletin::{annual_file_name, annual_report, bulletin, bulletin_file_name};
pub use docx::{page_count, render_docx};
pub use model::{Align, Attachment, Block, Colophon, DocNumber, Document, Head, Table};
pub use notices::{
    authority_head, office_head, plan_notice, plan_notice_file_name, reminder_notice,
    return_notice, ReturnProblem,
};
pub use wording::{Templates, Worded};
