//! The figures of GB/T 9704-2012 in twips (1/20 pt), and a page-flow
//! simulation that tells where the content ends, so that the 版记 can be put
//! on the last lines of the last page.
//!
//! Every paragraph the renderer writes has an exact line height and every
//! table row an exact or at-least height it computes itself, with widow
//! control off: the content's height is then known without a layout engine.

/// A4: 210 × 297 mm.
pub const PAGE_WIDTH: u32 = 11906;
pub const PAGE_HEIGHT: u32 = 16838;
/// Top 37 mm, left 28 mm; the text block is 156 × 225 mm.
pub const MARGIN_TOP: i32 = 2098;
pub const MARGIN_BOTTOM: i32 = 1984;
pub const MARGIN_LEFT: i32 = 1587;
pub const MARGIN_RIGHT: i32 = 1475;
pub const MARGIN_HEADER: i32 = 851;
/// The page number sits 7 mm below the text block.
pub const MARGIN_FOOTER: i32 = 1446;
/// Width of the text block.
pub const TEXT_WIDTH: i32 = PAGE_WIDTH as i32 - MARGIN_LEFT - MARGIN_RIGHT;
/// Height of the text block.
pub const TEXT_HEIGHT: i32 = PAGE_HEIGHT as i32 - MARGIN_TOP - MARGIN_BOTTOM;
/// 22 lines a page: line pitch and exact line height of 3号 text.
pub const LINE: i32 = 579;
#[cfg(test)]
const LINES_PER_PAGE: i32 = 22;

/// Font sizes in half points (w:sz).
pub const SIZE_2HAO: usize = 44;
pub const SIZE_3HAO: usize = 32;
pub const SIZE_4HAO: usize = 28;
/// The mark (发文机关标志): 初号, narrowed to the text block when long.
pub const SIZE_MARK: usize = 84;

/// Character spacing of the document defaults: −0.25 pt (w:spacing −5),
/// which makes 28 characters of 3号 fill a line.
pub const CHAR_SPACING: i32 = -5;

/// One character of a size, for indents ("空二字" = 2 × this).
pub fn char_twips(size: usize) -> i32 {
    size as i32 * 10
}

/// Cells of a size that fit in `width` twips, with the default spacing.
pub fn capacity(width: i32, size: usize) -> f64 {
    (f64::from(width) / f64::from(char_twips(size) + CHAR_SPACING)).floor()
}

/// Table cells: 仿宋 4号 at an exact 20 pt line.
pub const TABLE_SIZE: usize = SIZE_4HAO;
pub const TABLE_LINE: i32 = 400;
/// Left and right cell margins.
pub const TABLE_CELL_MARGIN: i32 = 85;
/// Added to every table row's lines (top and bottom padding, borders).
pub const TABLE_ROW_PAD: i32 = 160;

/// Room kept free when the 版记 is pushed to the bottom of the page, for
/// rounding in the reading application.
pub const BOTTOM_SLACK: i32 = 60;
/// The empty paragraph that must follow the 版记 table (a document cannot
/// end with a table): exact 1 pt.
pub const TRAILER: i32 = 20;

/// Where the content has got to: pages so far and height used on the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flow {
    pub page: usize,
    pub used: i32,
}

impl Default for Flow {
    fn default() -> Self {
        Flow::new()
    }
}

impl Flow {
    pub fn new() -> Flow {
        Flow { page: 1, used: 0 }
    }

    pub fn remaining(&self) -> i32 {
        TEXT_HEIGHT - self.used
    }

    pub fn new_page(&mut self) {
        self.page += 1;
        self.used = 0;
    }

    /// Space before a paragraph (only used at known places on page 1).
    pub fn space(&mut self, height: i32) {
        self.used += height;
    }

    /// `count` lines of `height` each; a paragraph may break between lines.
    pub fn lines(&mut self, count: usize, height: i32) {
        for _ in 0..count {
            self.block(height);
        }
    }

    /// Something that cannot break (a line, a table row).
    pub fn block(&mut self, height: i32) {
        if self.used > 0 && self.used + height > TEXT_HEIGHT {
            self.new_page();
        }
        self.used += height;
    }

    /// Starts a new page unless `height` still fits on this one.
    pub fn keep(&mut self, height: i32) {
        if self.used > 0 && self.used + height > TEXT_HEIGHT {
            self.new_page();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_of_the_standard() {
        assert_eq!(TEXT_WIDTH, 8844); // 156 mm
        assert_eq!(TEXT_HEIGHT, 12756); // 225 mm
        const { assert!(LINE * LINES_PER_PAGE <= TEXT_HEIGHT) };
        assert_eq!(capacity(TEXT_WIDTH, SIZE_3HAO), 28.0);
        assert_eq!(capacity(TEXT_WIDTH, SIZE_2HAO), 20.0);
    }

    #[test]
    fn flow_breaks_pages() {
        let mut flow = Flow::new();
        flow.lines(22, LINE);
        assert_eq!(flow.page, 1);
        flow.lines(1, LINE);
        assert_eq!((flow.page, flow.used), (2, LINE));
        flow.keep(TEXT_HEIGHT);
        assert_eq!((flow.page, flow.used), (3, 0));
    }
}
