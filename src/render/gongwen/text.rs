//! Plain-text helpers: sanitising strings for XML, measuring their width in
//! character cells, recognising heading numbers, splitting long titles.

/// Removes what XML 1.0 cannot carry and normalises whitespace: control
/// characters other than `\n` are dropped, `\t` becomes a space, `\r\n` and
/// `\r` become `\n`, and U+FFFE/U+FFFF and the engine's private slot markers
/// are dropped. Line breaks are kept (callers split on them).
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            c if is_xml_illegal(c) => {}
            c if (SLOT_OPEN..=SLOT_CLOSE).contains(&c) => {}
            c => out.push(c),
        }
    }
    out
}

/// A single line: sanitised, line breaks joined (with a space between two
/// Latin letters or digits, nothing between CJK text), trimmed.
pub fn one_line(text: &str) -> String {
    let clean = sanitize(text);
    let mut out = String::with_capacity(clean.len());
    for (i, part) in clean.split('\n').map(str::trim).enumerate() {
        if part.is_empty() {
            continue;
        }
        if i > 0 && !out.is_empty() {
            let last = out.chars().last().unwrap_or(' ');
            let next = part.chars().next().unwrap_or(' ');
            if last.is_ascii_alphanumeric() && next.is_ascii_alphanumeric() {
                out.push(' ');
            }
        }
        out.push_str(part);
    }
    out.trim().to_string()
}

/// The non-empty lines of a sanitised text, trimmed at the end.
pub fn lines(text: &str) -> Vec<String> {
    sanitize(text)
        .split('\n')
        .map(|l| l.trim_end().to_string())
        .filter(|l| !l.trim().is_empty())
        .collect()
}

fn is_xml_illegal(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0xFFFE || u == 0xFFFF
}

/// Private-use characters that delimit a slot marker in template output
/// (see [`super::wording`]); never allowed through from data.
pub(crate) const SLOT_OPEN: char = '\u{E000}';
pub(crate) const SLOT_CLOSE: char = '\u{E001}';

/// Width of one character in cells of the font size: CJK and full-width
/// forms take one cell, ASCII and other narrow characters half a cell.
pub fn char_cells(c: char) -> f64 {
    let u = c as u32;
    if u < 0x2000 {
        // ASCII, Latin, Greek, Cyrillic: narrow in the Chinese fonts' Latin
        // half (the ascii font of every run is the Chinese font).
        return 0.5;
    }
    match u {
        // Half-width forms.
        0xFF61..=0xFFDC | 0xFFE8..=0xFFEE => 0.5,
        _ => 1.0,
    }
}

/// Space added between a Chinese character and a Latin letter or digit, in
/// cells: LibreOffice always adds it (it ignores w:autoSpaceDE), Word adds it
/// with its default "adjust space between Asian and Latin text".
pub const AUTOSPACE: f64 = 0.2;

/// A CJK ideograph (not punctuation): the side of an Asian/Latin boundary.
pub fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Width of a string in cells, the Asian/Latin spacing included.
pub fn cells(text: &str) -> f64 {
    let chars: Vec<char> = text.chars().collect();
    let mut width: f64 = chars.iter().copied().map(char_cells).sum();
    for pair in chars.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if (is_ideograph(a) && b.is_ascii_alphanumeric())
            || (a.is_ascii_alphanumeric() && is_ideograph(b))
        {
            width += AUTOSPACE;
        }
    }
    width
}

/// How many lines `text` takes in a block `capacity` cells wide, the first
/// line starting `first_indent` cells in (negative for a hanging indent).
/// Follows the line breaking closely enough for page layout: characters are
/// placed one by one, closing punctuation may hang at the end of a line, and
/// runs of Latin letters and digits are not broken.
pub fn count_lines(text: &str, capacity: f64, first_indent: f64, rest_indent: f64) -> usize {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return 1;
    }
    let mut lines = 1;
    let mut used = first_indent;
    let mut i = 0;
    while i < chars.len() {
        let (j, width) = word_at(&chars, i);
        let hangs = j == i + 1 && is_closing(chars[i]);
        if used + width > capacity + 1e-9 && !(hangs && used + width <= capacity + 1.0) {
            if used > rest_indent + 1e-9 {
                lines += 1;
                used = rest_indent;
                // An opening bracket at the end of the previous line moves down.
                if i > 0 && is_opening(chars[i - 1]) {
                    used += char_cells(chars[i - 1]);
                }
            }
            // A word wider than the line is broken anywhere.
            if used + width > capacity + 1e-9 && j > i + 1 {
                let mut k = i;
                while k < j {
                    let w = char_cells(chars[k]);
                    if used + w > capacity + 1e-9 {
                        lines += 1;
                        used = rest_indent;
                    }
                    used += w;
                    k += 1;
                }
                i = j;
                continue;
            }
        }
        used += width;
        i = j;
    }
    lines
}

/// The word starting at `chars[i]`: its end and its width in cells. A run
/// of ASCII alphanumerics (with dots) stays together, with the Asian/Latin
/// spacing on a side that meets an ideograph; anything else is a word of
/// one character.
fn word_at(chars: &[char], i: usize) -> (usize, f64) {
    let mut j = i + 1;
    if chars[i].is_ascii_alphanumeric() {
        while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '.') {
            j += 1;
        }
    }
    let mut width: f64 = chars[i..j].iter().copied().map(char_cells).sum();
    if chars[i].is_ascii_alphanumeric() {
        if i > 0 && is_ideograph(chars[i - 1]) {
            width += AUTOSPACE;
        }
        if j < chars.len() && is_ideograph(chars[j]) {
            width += AUTOSPACE;
        }
    }
    (j, width)
}

/// A line of text measured once, for [`count_lines`] (no indents) at many
/// capacities: sizing a table's columns asks each cell at every width.
pub struct MeasuredLine {
    text: String,
    /// The width its words add up to on one line, summed in the order
    /// [`count_lines`] places them.
    width: f64,
}

impl MeasuredLine {
    pub fn new(text: &str) -> MeasuredLine {
        let chars: Vec<char> = text.chars().collect();
        let mut width = 0.0;
        let mut i = 0;
        while i < chars.len() {
            let (j, w) = word_at(&chars, i);
            width += w;
            i = j;
        }
        MeasuredLine {
            text: text.to_string(),
            width,
        }
    }

    /// `count_lines(text, capacity, 0.0, 0.0)`. A line whose words all fit
    /// is one line without placing them: `count_lines` breaks only where the
    /// width placed so far exceeds the capacity, and that width never
    /// exceeds the whole.
    pub fn count(&self, capacity: f64) -> usize {
        if self.width <= capacity + 1e-9 {
            1
        } else {
            count_lines(&self.text, capacity, 0.0, 0.0)
        }
    }
}

/// Punctuation that may not start a line (and hangs in the margin instead).
pub fn is_closing(c: char) -> bool {
    "，。、；：？！）》」』”’〕】…—·％,.;:?!)]}%".contains(c)
}

/// Punctuation that may not end a line.
pub fn is_opening(c: char) -> bool {
    "（《「『“‘〔【([{".contains(c)
}

/// The level (1–4) of a heading recognised from its number, and the byte
/// length of that number: 一、 (1), （一） (2), 1. or 1． (3), （1） (4).
pub fn heading_number(text: &str) -> Option<(u8, usize)> {
    const CN: &str = "一二三四五六七八九十百零〇";
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let len_at = |k: usize| -> usize { chars.get(k).map(|(i, _)| *i).unwrap_or(text.len()) };
    // 一、
    let cn_run = chars.iter().take_while(|(_, c)| CN.contains(*c)).count();
    if cn_run > 0 && cn_run <= 3 && chars.get(cn_run).map(|x| x.1) == Some('、') {
        return Some((1, len_at(cn_run + 1)));
    }
    let open = chars.first().map(|x| x.1);
    if open == Some('（') || open == Some('(') {
        let close = if open == Some('（') { '）' } else { ')' };
        let inner_cn = chars[1..]
            .iter()
            .take_while(|(_, c)| CN.contains(*c))
            .count();
        if inner_cn > 0 && inner_cn <= 3 && chars.get(1 + inner_cn).map(|x| x.1) == Some(close) {
            return Some((2, len_at(inner_cn + 2)));
        }
        let inner_digits = chars[1..]
            .iter()
            .take_while(|(_, c)| c.is_ascii_digit())
            .count();
        if inner_digits > 0
            && inner_digits <= 2
            && chars.get(1 + inner_digits).map(|x| x.1) == Some(close)
        {
            return Some((4, len_at(inner_digits + 2)));
        }
        return None;
    }
    let digits = chars.iter().take_while(|(_, c)| c.is_ascii_digit()).count();
    if digits > 0 && digits <= 2 {
        let dot = chars.get(digits).map(|x| x.1);
        let after = chars.get(digits + 1).map(|x| x.1);
        if matches!(dot, Some('.') | Some('．')) && after.is_some_and(|c| !c.is_ascii_digit()) {
            return Some((3, len_at(digits + 1)));
        }
    }
    None
}

/// 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (for heading numbers, 1–99).
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[(n - 10) as usize]),
        20..=99 if n % 10 == 0 => format!("{}十", DIGITS[(n / 10) as usize]),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            DIGITS[(n % 10) as usize]
        ),
        _ => n.to_string(),
    }
}

/// Words of document titles a line break should not split.
const NO_BREAK: &[&str] = &[
    "关于",
    "印发",
    "转发",
    "催报",
    "退回",
    "通知",
    "通报",
    "意见",
    "报告",
    "决定",
    "系统",
    "工作",
    "党建",
    "党委",
    "党总支",
    "党支部",
    "季度",
    "报表",
    "单位",
    "医院",
    "卫生",
    "年度",
    "建设",
    "考核",
    "目标",
    "委员会",
    "中共",
    "直属",
    "市直",
    "第一",
    "第二",
    "第三",
    "第四",
    "总结",
    "情况",
    "汇总",
    "党的",
    "第一季度",
    "第二季度",
    "第三季度",
    "第四季度",
];

/// Splits a title into balanced lines of at most `capacity` cells each, as
/// GB/T 9704 asks of multi-line titles: lines of similar length, never a
/// closing mark at the start or an opening mark at the end of a line, never
/// inside a number.
pub fn split_title(title: &str, capacity: f64) -> Vec<String> {
    let total = cells(title);
    if total <= capacity {
        return vec![title.to_string()];
    }
    let n_lines = (total / capacity).ceil() as usize;
    let mut result = Vec::new();
    let mut rest: Vec<char> = title.chars().collect();
    for remaining_lines in (2..=n_lines).rev() {
        let rest_width = cells(&rest.iter().collect::<String>());
        if rest_width <= capacity {
            break;
        }
        // Upper lines a little longer than lower ones (a trapezoid).
        let ideal = (rest_width / remaining_lines as f64 * 1.1).min(capacity);
        let mut best: Option<(f64, usize)> = None;
        for k in 1..rest.len() {
            let width = cells(&rest[..k].iter().collect::<String>());
            if width > capacity {
                break;
            }
            let (prev, next) = (rest[k - 1], rest[k]);
            if is_closing(next)
                || is_opening(prev)
                || (prev.is_ascii_alphanumeric() && next.is_ascii_alphanumeric())
            {
                continue;
            }
            let remaining_width = rest_width - width;
            if remaining_width > capacity * (remaining_lines - 1) as f64 {
                continue;
            }
            let mut score = (width - ideal).abs();
            // Prefer a break at a book-title mark or before 的通知 and the like.
            if prev == '》' || prev == '）' || next == '《' {
                score -= 1.5;
            }
            // Never inside a common word of document titles.
            if NO_BREAK.iter().any(|w| {
                let w: Vec<char> = w.chars().collect();
                (1..w.len()).any(|m| k >= m && rest[k - m..].starts_with(&w))
            }) {
                score += 3.0;
            }
            let tail: String = rest[k..].iter().collect();
            if ["的通知", "的通报", "的报告", "的意见", "的决定", "的函"]
                .iter()
                .any(|s| tail == *s)
            {
                score -= 1.5;
            }
            if best.is_none_or(|(s, _)| score < s) {
                best = Some((score, k));
            }
        }
        let Some((_, k)) = best else { break };
        result.push(rest[..k].iter().collect());
        rest = rest[k..].to_vec();
    }
    result.push(rest.iter().collect());
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_measured_line_counts_as_count_lines_at_every_capacity() {
        let texts = [
            "",
            "市第一人民医院党委",
            "第9990党支部",
            "900001",
            "关于报送2011年第一季度党建工作报表的通知（第2次）",
            "A03_LE_MEMBERS：本季度 12次，要求不少于 3次。",
            "“三会一课”落实情况，（一）支部大会；（二）支委会",
            "Supercalifragilisticexpialidocious2011Q1.xlsx 文件",
        ];
        for text in texts {
            let measured = MeasuredLine::new(text);
            for step in 1..=240 {
                let capacity = f64::from(step) * 0.25;
                assert_eq!(
                    measured.count(capacity),
                    count_lines(text, capacity, 0.0, 0.0),
                    "{text} at {capacity}"
                );
            }
        }
    }

    #[test]
    fn sanitize_removes_xml_illegal_characters() {
        assert_eq!(sanitize("a\u{1}b\u{B}c\u{C}d\u{FFFE}e"), "abcde");
        assert_eq!(sanitize("a\tb\r\nc\rd"), "a b\nc\nd");
        assert_eq!(sanitize("x\u{E000}y\u{E001}z"), "xyz");
        assert_eq!(one_line(" 市第一\n人民医院 \n"), "市第一人民医院");
        assert_eq!(one_line("A\nB"), "A B");
        assert_eq!(lines("一\n\n  \n二\r\n"), vec!["一", "二"]);
    }

    #[test]
    fn headings_are_recognised_from_their_numbers() {
        assert_eq!(heading_number("一、总体要求"), Some((1, "一、".len())));
        assert_eq!(heading_number("十二、其他"), Some((1, "十二、".len())));
        assert_eq!(heading_number("（一）加强学习"), Some((2, "（一）".len())));
        assert_eq!(heading_number("(三)加强学习"), Some((2, "(三)".len())));
        assert_eq!(heading_number("1.按时报送"), Some((3, 2)));
        assert_eq!(heading_number("12．按时报送"), Some((3, "12．".len())));
        assert_eq!(heading_number("（1）具体要求"), Some((4, "（1）".len())));
        assert_eq!(heading_number("1.5倍以上"), None);
        assert_eq!(heading_number("2011年"), None);
        assert_eq!(heading_number("一是加强"), None);
        assert_eq!(heading_number("（此件公开发布）"), None);
    }

    #[test]
    fn chinese_numbers() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(14), "十四");
        assert_eq!(chinese_number(20), "二十");
        assert_eq!(chinese_number(36), "三十六");
    }

    #[test]
    fn line_counts_follow_the_grid() {
        // 28 cells a line, first line indented two.
        let text = "字".repeat(26);
        assert_eq!(count_lines(&text, 28.0, 2.0, 0.0), 1);
        let text = "字".repeat(27);
        assert_eq!(count_lines(&text, 28.0, 2.0, 0.0), 2);
        // Closing punctuation hangs.
        let text = format!("{}。", "字".repeat(26));
        assert_eq!(count_lines(&text, 28.0, 2.0, 0.0), 1);
        // Digits are half width, with a little space next to Chinese.
        let text = format!("{}{}", "字".repeat(24), "2011");
        assert_eq!(count_lines(&text, 28.0, 2.0, 0.0), 2);
        let text = format!("{}{}", "字".repeat(23), "2011");
        assert_eq!(count_lines(&text, 28.0, 2.0, 0.0), 1);
        let text = format!("{}{}字", "字".repeat(22), "2011");
        assert_eq!(count_lines(&text, 28.0, 2.0, 0.0), 1);
        assert!((cells("2011年4月") - (4.0 * 0.5 + 0.5 + 2.0 + 3.0 * AUTOSPACE)).abs() < 1e-9);
        assert_eq!(count_lines("", 28.0, 2.0, 0.0), 1);
        let text = "字".repeat(26 + 28 + 1);
        assert_eq!(count_lines(&text, 28.0, 2.0, 0.0), 3);
    }

    #[test]
    fn long_titles_are_balanced() {
        // Upper line longer (a trapezoid), words kept whole.
        assert_eq!(
            split_title("关于印发《2011年市直卫生系统党的工作意见》的通知", 19.0),
            vec!["关于印发《2011年市直卫生系统", "党的工作意见》的通知"]
        );
        assert_eq!(
            split_title("关于退回市中医院党委2011年第一季度党建工作报表的通知", 19.0),
            vec!["关于退回市中医院党委2011年", "第一季度党建工作报表的通知"]
        );
        let long =
            "关于进一步加强和改进市直卫生系统基层党组织建设推进创先争优活动常态化长效化的实施意见";
        let lines = split_title(long, 19.0);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines.iter().all(|l| cells(l) <= 19.0), "{lines:?}");
        assert_eq!(lines.concat(), long);
        assert_eq!(split_title("关于催报的通知", 20.0), vec!["关于催报的通知"]);
    }
}
