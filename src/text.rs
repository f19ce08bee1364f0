//! Text as people type it: full-width forms, stray and invisible spaces.
//! Shared by every stage that matches labels or names.

/// Full-width ASCII (！ to ～, and the ideographic space) to half-width.
pub fn half_width(text: &str) -> String {
    text.chars().map(half_width_char).collect()
}

fn half_width_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '。' => '.',
        _ => c,
    }
}

/// Spaces of every kind people paste: NBSP, ideographic space, zero-width
/// space and the byte-order mark.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{00A0}' | '\u{3000}' | '\u{200B}' | '\u{FEFF}')
}

/// Trimmed, half-width text with NBSP and zero-width characters removed.
pub fn clean_text(text: &str) -> String {
    let half = half_width(text);
    half.trim_matches(is_space)
        .chars()
        .filter(|c| !matches!(c, '\u{200B}' | '\u{FEFF}'))
        .map(|c| if c == '\u{00A0}' { ' ' } else { c })
        .collect()
}

/// The key a label is matched by: no spaces at all, half-width, no trailing
/// colon, no required-field asterisk.
pub fn label_key(text: &str) -> String {
    // One pass, one allocation: called for every text cell read.
    let mut key = String::with_capacity(text.len());
    for c in text.chars().map(half_width_char) {
        if !is_space(c) && !matches!(c, ':' | '*' | '＊') {
            key.push(c);
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_keys() {
        assert_eq!(label_key(" 单位\u{3000}代码： "), "单位代码");
        assert_eq!(label_key("＊党员总数:"), "党员总数");
        assert_eq!(label_key("*填报\u{00A0}单位\u{200B}"), "填报单位");
        assert_eq!(label_key("Ａ０１"), "A01");
        assert_eq!(label_key(""), "");
        assert_eq!(half_width("１２。５"), "12.5");
    }
}
