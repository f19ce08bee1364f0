//! Wording templates (`templates/docs/*.j2`, minijinja): the words of each
//! document live in plain-text files the bureau can edit without rebuilding.
//!
//! The defaults are compiled in. A folder given with [`Templates::with_dir`]
//! overrides them file by file: a `reminder_notice.j2` there replaces the
//! built-in one, the others stay built in.
//!
//! A template's output is plain text:
//! - leading lines `标题：…` (repeatable: one title line each), `主送：…`,
//!   `署名：…`, `附注：…` set those parts of the document;
//! - every other non-empty line is a paragraph; a line starting with a
//!   heading number (一、 （一） 1. （1）) is a heading of that level; blank
//!   lines only separate;
//! - consecutive lines starting with `|` form a table, the first row being
//!   the header (`| 序号 | 单位 |`; a `|---|:-:|` line is skipped and sets
//!   alignment);
//! - `{{ slot("名称") }}` alone on a line marks where the program inserts
//!   blocks it builds itself (a table of problems, of units…).
//!
//! Values printed with `{{ … }}` can never change that structure: line
//! breaks and control characters are removed from them and `|` becomes `｜`.
//! Templates use strict undefined behaviour: a misspelt variable is an error
//! naming the file and line, never an empty gap in an official document.

use std::path::{Path, PathBuf};

use minijinja::value::{Serde, Value};
use minijinja::{Environment, Error, ErrorKind, Output, State, UndefinedBehavior};
use serde::Serialize;

use super::model::{Align, Block, Table};
use super::text::{self, SLOT_CLOSE, SLOT_OPEN};
use crate::render::RenderError;

/// The built-in templates: (file name, text).
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "plan_notice.j2",
        include_str!("../../../templates/docs/plan_notice.j2"),
    ),
    (
        "plan_attachment.j2",
        include_str!("../../../templates/docs/plan_attachment.j2"),
    ),
    (
        "reminder_notice.j2",
        include_str!("../../../templates/docs/reminder_notice.j2"),
    ),
    (
        "return_notice.j2",
        include_str!("../../../templates/docs/return_notice.j2"),
    ),
    (
        "bulletin.j2",
        include_str!("../../../templates/docs/bulletin.j2"),
    ),
    (
        "annual.j2",
        include_str!("../../../templates/docs/annual.j2"),
    ),
];

/// Where templates come from: the built-in ones, or a folder whose files
/// replace them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Templates {
    dir: Option<PathBuf>,
    /// Built-in templates added by other documents (see [`Templates::with_builtin`]).
    extra: Vec<(&'static str, &'static str)>,
}

/// A rendered template: the parts it set and its body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Worded {
    /// Title lines joined with `\n` (from 标题：).
    pub title: Option<String>,
    pub addressee: Option<String>,
    pub signature: Option<String>,
    pub note: Option<String>,
    pub body: Vec<Block>,
}

impl Worded {
    /// Replaces every `slot(name)` of the body with `blocks`; returns whether
    /// the template had that slot.
    pub fn fill_slot(&mut self, name: &str, blocks: Vec<Block>) -> bool {
        let mut found = false;
        let mut body = Vec::with_capacity(self.body.len() + blocks.len());
        for block in std::mem::take(&mut self.body) {
            match block {
                Block::Slot(n) if n == name => {
                    found = true;
                    body.extend(blocks.iter().cloned());
                }
                other => body.push(other),
            }
        }
        self.body = body;
        found
    }
}

impl Templates {
    /// Only the built-in templates.
    pub fn embedded() -> Templates {
        Templates::default()
    }

    /// Templates in `dir` replace the built-in ones of the same name.
    pub fn with_dir(dir: impl Into<PathBuf>) -> Templates {
        Templates {
            dir: Some(dir.into()),
            ..Templates::default()
        }
    }

    /// `with_dir` when a folder is given, else `embedded`.
    pub fn new(dir: Option<&Path>) -> Templates {
        Templates {
            dir: dir.map(Path::to_path_buf),
            ..Templates::default()
        }
    }

    /// Adds a built-in template of another document (e.g. the bulletin's
    /// `bulletin.j2`, compiled in with `include_str!`); a file of that name
    /// in the override folder still replaces it, and it is exported too.
    pub fn with_builtin(mut self, name: &'static str, text: &'static str) -> Templates {
        self.extra.retain(|(n, _)| *n != name);
        self.extra.push((name, text));
        self
    }

    /// Every built-in template: (file name, text).
    pub fn builtins(&self) -> Vec<(&'static str, &'static str)> {
        let mut all: Vec<(&'static str, &'static str)> = EMBEDDED
            .iter()
            .copied()
            .filter(|(n, _)| !self.extra.iter().any(|(e, _)| e == n))
            .collect();
        all.extend(self.extra.iter().copied());
        all
    }

    /// The override folder, if any.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The file a template is read from, for messages: the override file if
    /// it exists, else `templates/docs/NAME（内置）`.
    pub fn display_name(&self, name: &str) -> String {
        match self.override_path(name) {
            Some(path) => path.display().to_string(),
            None => format!("templates/docs/{name}（内置）"),
        }
    }

    fn override_path(&self, name: &str) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        if !is_plain_name(name) {
            return None;
        }
        let path = dir.join(name);
        path.is_file().then_some(path)
    }

    /// The text of a template: the override file or the built-in one.
    pub fn source(&self, name: &str) -> Result<String, RenderError> {
        if let Some(path) = self.override_path(name) {
            let fail = |message: String| RenderError::Template {
                file: path.display().to_string(),
                line: 0,
                message,
            };
            let bytes = std::fs::read(&path)
                .map_err(|e| fail(format!("无法读取：{}", crate::io_reason(&e))))?;
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let text = std::str::from_utf8(bytes).map_err(|_| {
                fail("文件不是 UTF-8 编码（可用记事本“另存为”选择 UTF-8）".to_string())
            })?;
            return Ok(text.replace("\r\n", "\n"));
        }
        self.builtins()
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| text.to_string())
            .ok_or_else(|| RenderError::Template {
                file: self.display_name(name),
                line: 0,
                message: "没有这个模板".to_string(),
            })
    }

    /// Writes the built-in templates into `dir` for editing, skipping files
    /// that already exist there; returns the files written.
    pub fn export_defaults(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir)?;
        let mut written = Vec::new();
        for (name, text) in self.builtins() {
            let path = dir.join(name);
            if !path.exists() {
                std::fs::write(&path, text)?;
                written.push(path);
            }
        }
        Ok(written)
    }

    /// Renders template `name` with `context` and reads its output.
    pub fn render(&self, name: &str, context: impl Serialize) -> Result<Worded, RenderError> {
        let text = self.render_text(name, context)?;
        Ok(parse_output(&text))
    }

    /// Renders template `name` with `context` to plain text.
    pub fn render_text(&self, name: &str, context: impl Serialize) -> Result<String, RenderError> {
        let env = self.environment();
        let template = env
            .get_template(name)
            .map_err(|e| self.template_error(&e, name))?;
        template
            .render(Value::from(Serde(context)))
            .map_err(|e| self.template_error(&e, name))
    }

    fn environment(&self) -> Environment<'static> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        let mut syntax = minijinja::syntax::SyntaxConfig::builder();
        syntax.trim_blocks(true).lstrip_blocks(true);
        if let Ok(syntax) = syntax.build() {
            env.set_syntax(syntax);
        }
        env.set_formatter(format_value);
        env.add_filter("cn", |n: i64| -> String {
            u32::try_from(n)
                .map(text::chinese_number)
                .unwrap_or_else(|_| n.to_string())
        });
        env.add_function("slot", |name: String| -> Value {
            Value::from_safe_string(format!("{SLOT_OPEN}{}{SLOT_CLOSE}", text::one_line(&name)))
        });
        let this = self.clone();
        env.set_loader(move |name| {
            if !is_plain_name(name) {
                return Ok(None);
            }
            match this.source(name) {
                Ok(text) => Ok(Some(text)),
                Err(RenderError::Template { message, .. }) if message == "没有这个模板" => {
                    Ok(None)
                }
                Err(err) => Err(Error::new(ErrorKind::InvalidOperation, err.to_string())),
            }
        });
        env
    }

    /// A minijinja error in Chinese, naming the file and line.
    fn template_error(&self, err: &Error, fallback: &str) -> RenderError {
        let name = err.name().unwrap_or(fallback).to_string();
        let file = self.display_name(&name);
        let line = err.line().unwrap_or(0);
        let detail = err.detail().unwrap_or("").to_string();
        let snippet = err
            .range()
            .and_then(|range| {
                self.source(&name)
                    .ok()
                    .and_then(|s| s.get(range).map(str::to_string))
            })
            .unwrap_or_default();
        let message = match err.kind() {
            ErrorKind::UndefinedError if !snippet.is_empty() => format!(
                "用到了不存在的变量“{snippet}”：请检查拼写，可用的变量列在模板开头的说明里"
            ),
            ErrorKind::UndefinedError => {
                "用到了不存在的变量：请检查拼写，可用的变量列在模板开头的说明里".to_string()
            }
            ErrorKind::SyntaxError => format!(
                "模板写法有误（{detail}）：请检查 {{{{ }}}}、{{% %}} 是否成对，if/for 是否有对应的 endif/endfor"
            ),
            ErrorKind::UnknownFilter => format!("不认识的过滤器（{detail}）"),
            ErrorKind::UnknownFunction => format!("不认识的函数（{detail}）"),
            ErrorKind::UnknownTest => format!("不认识的判断（{detail}）"),
            ErrorKind::UnknownMethod => format!("不认识的方法（{detail}）"),
            ErrorKind::TemplateNotFound => format!("找不到模板（{detail}）"),
            ErrorKind::TooManyArguments | ErrorKind::MissingArgument => {
                format!("参数个数不对（{detail}）")
            }
            ErrorKind::InvalidOperation if detail.contains("模板") || detail.contains("文件") => {
                detail.clone()
            }
            _ => format!("模板出错（{err}）"),
        };
        RenderError::Template {
            file,
            line,
            message,
        }
    }
}

/// A template name that stays inside its folder.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.contains(['/', '\\', ':'])
        && !name.starts_with('.')
        && name.ends_with(".j2")
}

/// Prints values so they cannot change the structure of the output: no
/// line breaks or control characters, `|` as `｜`, numbers as a clerk
/// writes them (6, not 6.0).
fn format_value(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    let text = if value.is_safe() {
        value.to_string()
    } else if let Some(s) = value.as_str() {
        clean_value(s)
    } else if value.is_number() && !value.is_integer() {
        match f64::try_from(value.clone()) {
            Ok(f) => crate::plan::format_number(f),
            Err(_) => value.to_string(),
        }
    } else if value.is_undefined() || value.is_none() {
        return minijinja::escape_formatter(out, state, value);
    } else {
        clean_value(&value.to_string())
    };
    std::fmt::Write::write_str(out, &text)
        .map_err(|e| Error::new(ErrorKind::WriteFailure, e.to_string()))
}

fn clean_value(s: &str) -> String {
    text::one_line(s).replace('|', "｜")
}

/// Reads a template's output: header lines, paragraphs, headings, tables,
/// slots.
pub fn parse_output(output: &str) -> Worded {
    let mut worded = Worded::default();
    let mut title: Vec<String> = Vec::new();
    let lines: Vec<&str> = output.split('\n').collect();
    let mut i = 0;
    // Header lines.
    while i < lines.len() {
        let line = lines[i].trim();
        if line.is_empty() {
            i += 1;
            continue;
        }
        let Some((key, value)) = header_line(line) else {
            break;
        };
        let value = text::one_line(value);
        match key {
            "标题" => title.push(value),
            "主送" => worded.addressee = Some(value),
            "署名" => worded.signature = Some(value),
            "附注" => worded.note = Some(value),
            _ => unreachable!(),
        }
        i += 1;
    }
    if !title.is_empty() {
        worded.title = Some(title.join("\n"));
    }
    // Body.
    let mut table: Vec<&str> = Vec::new();
    for raw in &lines[i..] {
        let line = raw.trim();
        if line.starts_with('|') {
            table.push(line);
            continue;
        }
        if !table.is_empty() {
            worded.body.push(Block::Table(parse_table(&table)));
            table.clear();
        }
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line
            .strip_prefix(SLOT_OPEN)
            .and_then(|l| l.strip_suffix(SLOT_CLOSE))
        {
            worded.body.push(Block::Slot(name.to_string()));
            continue;
        }
        let clean = text::one_line(line);
        if !clean.is_empty() {
            worded.body.push(Block::from_line(&clean));
        }
    }
    if !table.is_empty() {
        worded.body.push(Block::Table(parse_table(&table)));
    }
    worded
}

fn header_line(line: &str) -> Option<(&'static str, &str)> {
    for key in ["标题", "主送", "署名", "附注"] {
        if let Some(rest) = line.strip_prefix(key) {
            if let Some(value) = rest.strip_prefix('：').or_else(|| rest.strip_prefix(':')) {
                return Some((key, value));
            }
        }
    }
    None
}

fn parse_table(lines: &[&str]) -> Table {
    let split = |line: &str| -> Vec<String> {
        let inner = line.trim().trim_start_matches('|');
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        inner.split('|').map(|c| text::one_line(c.trim())).collect()
    };
    let is_rule = |cells: &[String]| {
        !cells.is_empty()
            && cells.iter().all(|c| {
                let c = c.trim_matches(':');
                !c.is_empty() && c.chars().all(|ch| ch == '-')
            })
    };
    let mut table = Table::default();
    for (k, line) in lines.iter().enumerate() {
        let cells = split(line);
        if k == 0 {
            table.header = cells;
        } else if is_rule(&cells) {
            table.align = cells
                .iter()
                .map(|c| match (c.starts_with(':'), c.ends_with(':')) {
                    (true, true) => Align::Center,
                    (false, true) => Align::Right,
                    _ => Align::Left,
                })
                .collect();
            // A rule of plain dashes leaves alignment to the content.
            if cells.iter().all(|c| !c.contains(':')) {
                table.align.clear();
            }
        } else {
            table.rows.push(cells);
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_read_into_parts_and_blocks() {
        let out = "\n标题：关于印发《意见》\n标题：的通知\n主送：各单位\n\n一、总体要求\n正文一段。\n\n| 序号 | 单位 |\n|:-:|---|\n| 1 | 甲 |\n\u{E000}units\u{E001}\n（一）学习。全年6次。\n";
        let w = parse_output(out);
        assert_eq!(w.title.as_deref(), Some("关于印发《意见》\n的通知"));
        assert_eq!(w.addressee.as_deref(), Some("各单位"));
        assert_eq!(w.body.len(), 5);
        assert_eq!(w.body[0], Block::heading(1, "一、总体要求"));
        assert_eq!(w.body[1], Block::paragraph("正文一段。"));
        let Block::Table(t) = &w.body[2] else {
            panic!("table expected")
        };
        assert_eq!(t.header, vec!["序号", "单位"]);
        assert_eq!(t.rows, vec![vec!["1", "甲"]]);
        assert_eq!(t.align, vec![Align::Center, Align::Left]);
        assert_eq!(w.body[3], Block::Slot("units".into()));
        assert_eq!(w.body[4], Block::heading(2, "（一）学习。全年6次。"));
    }

    #[test]
    fn values_cannot_break_the_structure() {
        let dir = std::env::temp_dir().join(format!("huizong-wording-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("reminder_notice.j2"),
            "标题：{{ title }}\n| 单位 |\n| {{ unit }} |\n{{ n }} {{ x }}\n",
        )
        .unwrap();
        let t = Templates::with_dir(&dir);
        #[derive(Serialize)]
        struct Ctx {
            title: String,
            unit: String,
            n: f64,
            x: f64,
        }
        let w = t
            .render(
                "reminder_notice.j2",
                Ctx {
                    title: "甲\n主送：乙\u{1}".into(),
                    unit: "a|b\nc".into(),
                    n: 6.0,
                    x: 95.5,
                },
            )
            .unwrap();
        assert_eq!(w.title.as_deref(), Some("甲主送：乙"));
        assert_eq!(w.addressee, None);
        let Block::Table(table) = &w.body[0] else {
            panic!("table expected")
        };
        assert_eq!(table.rows, vec![vec!["a｜b c"]]);
        assert_eq!(w.body[1], Block::paragraph("6 95.5"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn errors_name_file_and_line_in_chinese() {
        let dir = std::env::temp_dir().join(format!("huizong-wording-err-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("return_notice.j2"),
            "标题：通知\n\n第一段\n{{ unit_nmae }}\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("reminder_notice.j2"),
            "标题：通知\n{% if x %}\n没有结束\n",
        )
        .unwrap();
        let t = Templates::with_dir(&dir);
        #[derive(Serialize)]
        struct Ctx {
            unit_name: String,
            x: bool,
        }
        let ctx = || Ctx {
            unit_name: "甲".into(),
            x: true,
        };
        let err = t.render("return_notice.j2", ctx()).unwrap_err();
        let RenderError::Template {
            file,
            line,
            message,
        } = &err
        else {
            panic!("{err:?}")
        };
        assert!(file.ends_with("return_notice.j2"), "{file}");
        assert_eq!(*line, 4);
        assert!(message.contains("unit_nmae"), "{message}");
        assert!(err.to_string().contains("第4行"), "{err}");

        let err = t.render("reminder_notice.j2", ctx()).unwrap_err();
        let RenderError::Template { file, message, .. } = &err else {
            panic!("{err:?}")
        };
        assert!(file.ends_with("reminder_notice.j2"));
        assert!(message.contains("模板写法有误"), "{message}");

        // Others stay built in.
        assert!(t.display_name("plan_notice.j2").contains("内置"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn other_documents_add_builtins() {
        let t =
            Templates::embedded().with_builtin("extra_notice.j2", "标题：通报\n{{ n }}个单位\n");
        #[derive(Serialize)]
        struct Ctx {
            n: u32,
        }
        let w = t.render("extra_notice.j2", Ctx { n: 40 }).unwrap();
        assert_eq!(w.title.as_deref(), Some("通报"));
        assert_eq!(w.body, vec![Block::paragraph("40个单位")]);
        assert_eq!(t.builtins().len(), EMBEDDED.len() + 1);
        let dir = std::env::temp_dir().join(format!("huizong-wording-x-{}", std::process::id()));
        let written = t.export_defaults(&dir).unwrap();
        assert_eq!(written.len(), EMBEDDED.len() + 1);
        assert!(dir.join("extra_notice.j2").is_file());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn template_names_stay_inside_the_folder() {
        assert!(is_plain_name("plan_notice.j2"));
        assert!(!is_plain_name("../plan_notice.j2"));
        assert!(!is_plain_name("a/b.j2"));
        assert!(!is_plain_name(".hidden.j2"));
        assert!(!is_plain_name("plan.toml"));
    }
}
