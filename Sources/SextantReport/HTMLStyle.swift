/// The style sheet and the colours of ``HTMLRenderer``'s pages and ``SVGChart``'s drawings.
///
/// Colours are the Okabe–Ito palette (Okabe & Ito, *Color Universal Design*, 2008), which stays
/// distinct under the common colour-vision deficiencies; every colour also comes with a pattern,
/// a dash, a shape or a word, so that greyscale printing loses nothing.
enum HTMLStyle {
    /// Okabe–Ito blue: estimates, lines, positive bars.
    static let blue = "#0072B2"
    /// Okabe–Ito sky blue: interval ribbons.
    static let skyBlue = "#56B4E9"
    /// Okabe–Ito bluish green: target bands (hatched).
    static let green = "#009E73"
    /// Okabe–Ito vermillion: control limits, points outside them, negative bars (hatched).
    static let vermillion = "#D55E00"
    /// Okabe–Ito orange: negative bars (hatched).
    static let orange = "#E69F00"
    /// Okabe–Ito reddish purple: shares.
    static let purple = "#CC79A7"
    /// Text and axes.
    static let ink = "#1A1A1A"
    /// Grid lines.
    static let grid = "#D9D9D9"

    /// The page's style sheet: readable widths, tables that scroll sideways on a phone, charts that
    /// scale, print rules that keep figures and tables whole.
    static let sheet = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #fff; color: \(ink); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
        main { max-width: 60rem; margin: 0 auto; padding: 1rem 1rem 2rem; }
        h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0 0.5rem; overflow-wrap: anywhere; }
        h2 { font-size: 1.2rem; margin: 2rem 0 0.5rem; padding-bottom: 0.2rem; border-bottom: 2px solid \(ink); overflow-wrap: anywhere; }
        p, li, dd { overflow-wrap: anywhere; }
        p.lead { font-size: 1.05rem; }
        .guide { border: 2px solid \(blue); border-left-width: 8px; border-radius: 4px; padding: 0.25rem 1rem 0.5rem; margin: 1rem 0 1.5rem; background: #F2F8FC; }
        .guide h2 { border: none; margin-top: 0.5rem; }
        .guide dt { font-weight: 700; margin-top: 0.5rem; }
        .guide dd { margin: 0 0 0 0; }
        .guide ul { margin: 0.25rem 0; padding-left: 1.25rem; }
        .table { overflow-x: auto; margin: 0.75rem 0 1rem; }
        table { border-collapse: collapse; font-size: 0.875rem; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
        th, td { padding: 0.3rem 0.6rem; border-bottom: 1px solid #BDBDBD; text-align: left; vertical-align: top; }
        th { border-bottom: 2px solid \(ink); white-space: nowrap; }
        td { overflow-wrap: break-word; }
        td:not(.long) { white-space: nowrap; }
        td.long { min-width: 16rem; }
        .num { text-align: right; white-space: nowrap; }
        tbody tr:nth-child(even) { background: #F6F6F6; }
        .verdict { font-weight: 700; white-space: nowrap; }
        .verdict.met { box-shadow: inset 4px 0 0 \(green); }
        .verdict.below { box-shadow: inset 4px 0 0 \(vermillion); text-decoration: underline; }
        .verdict.above { box-shadow: inset 4px 0 0 \(orange); text-decoration: underline dotted; }
        .verdict.inconclusive { font-style: italic; font-weight: 400; }
        figure.chart { margin: 1rem 0 1.5rem; padding: 0.75rem; border: 1px solid #BDBDBD; border-radius: 4px; }
        figure.chart > figcaption { font-weight: 700; margin-bottom: 0.25rem; overflow-wrap: anywhere; }
        figure.chart .table { margin-bottom: 0; }
        figure.chart table { font-size: 0.8rem; }
        svg { display: block; width: 100%; height: auto; max-width: 32rem; margin: 0.25rem 0; }
        .panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(17rem, 1fr)); gap: 0.5rem 1.5rem; }
        footer { margin-top: 2rem; font-size: 0.85rem; color: #555; }
        @media (max-width: 30rem) {
          body { font-size: 15px; }
          main { padding: 0.5rem 0.6rem 1.5rem; }
          figure.chart { padding: 0.4rem; margin-left: 0; margin-right: 0; }
          th, td { padding: 0.25rem 0.4rem; }
        }
        @media print {
          @page { margin: 14mm; }
          body { font-size: 10pt; }
          main { max-width: none; padding: 0; }
          .guide { background: none; }
          .table { overflow: visible; }
          table { font-size: 8pt; width: 100%; }
          th, td, td:not(.long), .num, .verdict { white-space: normal; overflow-wrap: anywhere; }
          td.long { min-width: 0; }
          svg { max-width: 15cm; }
          tbody tr:nth-child(even) { background: none; }
          figure.chart, .guide, tr { break-inside: avoid; }
          h2 { break-after: avoid; }
          .panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(17rem, 1fr)); gap: 0.5rem 1.5rem; }
        footer { color: #000; }
        }

        """
}
