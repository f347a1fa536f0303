using System.Globalization;

namespace WeGate.Server.Pages;

// The contrast ratio of two sRGB colours #RRGGBB, as WCAG 2.2 defines it (relative luminance,
// https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio): from 1 (the same) to 21 (black on white).
internal static class Contrast
{
    public static double Ratio(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static double Luminance(string hex) =>
        0.2126 * Channel(hex, 1) + 0.7152 * Channel(hex, 3) + 0.0722 * Channel(hex, 5);

    private static double Channel(string hex, int at)
    {
        var c = int.Parse(hex.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }
}
