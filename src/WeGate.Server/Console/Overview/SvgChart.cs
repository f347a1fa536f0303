using System.Globalization;
using System.Text;
using static WeGate.Server.Console.ConsoleHtml;

namespace WeGate.Server.Console.Overview;

// A stacked bar chart per day as inline SVG: no script and no library, so the console's CSP holds.
// It is an image with a title and a description for screen readers; the page prints its numbers in a
// table beside it (docs/console.md#overview).
internal static class SvgChart
{
    private const int Left = 44, Right = 8, Top = 12, Bottom = 28;

    // A chart is drawn twice, for a laptop and for a phone, so its text keeps its size on both; CSS
    // shows one (display:none hides the other from screen readers too).
    public static string Both(string id, string title, string description, IReadOnlyList<DateOnly> days, IReadOnlyList<TypeSeries> series) =>
        $"<div class=\"chart-wide\">{StackedBars(id, title, description, days, series, 960, 230)}</div>"
        + $"<div class=\"chart-narrow\">{StackedBars(id + "-phone", title, description, days, series, 360, 200)}</div>";

    // One colour per login type, in OverviewReport.AllTypes' order; 3:1 or more against white.
    private static readonly string[] Palette =
        ["#067a3e", "#0a58ca", "#8250df", "#bc4c00", "#1b7c83", "#bf3989", "#6e7781", "#9a6700", "#cf222e", "#116329", "#57606a"];

    public static string Colour(string type)
    {
        var i = OverviewReport.AllTypes.ToList().IndexOf(type);
        return Palette[(i < 0 ? Palette.Length - 1 : i) % Palette.Length];
    }

    public static string StackedBars(string id, string title, string description, IReadOnlyList<DateOnly> days, IReadOnlyList<TypeSeries> series,
        int width, int height)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(series);
        var totals = days.Select((_, d) => series.Sum(s => s.Counts[d])).ToArray();
        var max = NiceMax(totals.DefaultIfEmpty(0).Max());
        double plotW = width - Left - Right, plotH = height - Top - Bottom, slot = plotW / Math.Max(1, days.Count), bar = Math.Max(2, slot * 0.7);
        var svg = new StringBuilder(FormattableString.Invariant(
            $"""<svg class="chart" id="{id}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{id}-title {id}-desc" data-chart>"""));
        svg.Append(FormattableString.Invariant($"""<title id="{id}-title">{E(title)}</title><desc id="{id}-desc">{E(description)}</desc>"""));
        foreach (var tick in new[] { 0, max / 2, max })
        {
            var y = Top + plotH - plotH * tick / max;
            svg.Append(FormattableString.Invariant(
                $"""<line x1="{Left}" x2="{width - Right}" y1="{y:0.#}" y2="{y:0.#}" stroke="#d0d7de"/><text x="{Left - 6}" y="{y + 4:0.#}" text-anchor="end" font-size="12" fill="#57606a">{tick}</text>"""));
        }
        for (var d = 0; d < days.Count; d++)
        {
            var x = Left + slot * d + (slot - bar) / 2;
            var y = Top + plotH;
            foreach (var s in series.Where(s => s.Counts[d] > 0))
            {
                var h = plotH * s.Counts[d] / max;
                y -= h;
                svg.Append(FormattableString.Invariant(
                    $"""<rect x="{x:0.#}" y="{y:0.#}" width="{bar:0.#}" height="{h:0.#}" fill="{Colour(s.Type)}"><title>{days[d]:yyyy-MM-dd} {E(s.Type)}: {s.Counts[d]}</title></rect>"""));
            }
            // Every day's label on a week, about six on a month.
            if (days.Count <= 7 || d % 5 == 0 || d == days.Count - 1)
            {
                svg.Append(FormattableString.Invariant(
                    $"""<text x="{Left + slot * d + slot / 2:0.#}" y="{height - 8}" text-anchor="middle" font-size="12" fill="#57606a">{days[d].ToString("MM-dd", CultureInfo.InvariantCulture)}</text>"""));
            }
        }
        return svg.Append("</svg>").ToString();
    }

    // The colour key under a chart.
    public static string Legend(IEnumerable<TypeSeries> series) =>
        "<ul class=\"legend\">" + string.Concat(series.Select(s =>
            $"<li><span class=\"swatch\" style=\"background:{Colour(s.Type)}\"></span><code>{E(s.Type)}</code> {s.Counts.Sum()}</li>")) + "</ul>";

    // A round top for the axis: 1, 2 or 5 times a power of ten, at least 4 so the middle tick is whole.
    private static long NiceMax(long value)
    {
        if (value <= 4)
            return 4;
        for (long p = 1; ; p *= 10)
        {
            foreach (var m in new long[] { 1, 2, 5 })
            {
                if (m * p >= value && m * p % 2 == 0)
                    return m * p;
            }
        }
    }
}
