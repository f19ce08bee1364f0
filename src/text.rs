//! Text as people type it: full-width forms, stray and invisible spaces.
//! Shared by every stage that matches labels or names.

/// Full-width ASCII (！ to ～, and the ideographic space) to half-width.
pub fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '。' => '.',
            _ => c,
        })
        .collect()
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
    half_width(text)
        .chars()
        .filter(|c| !is_space(*c) && !matches!(c, ':' | '*' | '＊'))
        .collect()
}
