using System.Globalization;

namespace LogWarden.Report;

/// <summary>
/// A small line chart of one resource over the report's period, as PNG: light grid, the curve with the
/// area under it shaded, the y-axis range and the x-axis hours in a built-in 3×5 pixel font (digits and a
/// few signs, drawn at 2×). The title and unit go in the report's text beside the image.
/// </summary>
internal static class LineChart
{
    private const int Left = 44, Right = 10, Top = 10, Bottom = 20, Scale = 2;

    private static readonly (byte R, byte G, byte B) Background = (255, 255, 255);
    private static readonly (byte R, byte G, byte B) Grid = (226, 230, 236);
    private static readonly (byte R, byte G, byte B) Axis = (120, 126, 136);
    private static readonly (byte R, byte G, byte B) Line = (37, 99, 235);
    private static readonly (byte R, byte G, byte B) Fill = (219, 230, 252);
    private static readonly (byte R, byte G, byte B) Text = (60, 64, 72);

    public static byte[] Render(ResourceCurve curve, DateTimeOffset from, DateTimeOffset to, int width = 640, int height = 170)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var canvas = new Canvas(width, height);
        canvas.FillRect(0, 0, width, height, Background);
        int plotW = width - Left - Right, plotH = height - Top - Bottom;
        bool percent = curve.Unit == "%";
        double max = percent ? 100 : NiceCeiling(Math.Max(curve.Max, 1e-9) * 1.1);
        double min = 0;

        for (int i = 0; i <= 4; i++)
        {
            int y = Top + plotH - (int)Math.Round(plotH * i / 4.0);
            canvas.FillRect(Left, y, plotW, 1, i == 0 ? Axis : Grid);
            string label = Format(min + (max - min) * i / 4) + (percent ? "%" : "");
            canvas.DrawText(label, Left - 4 - Canvas.TextWidth(label, Scale), y - 5, Text, Scale);
        }
        double span = Math.Max(1, (to - from).TotalSeconds);
        for (int i = 0; i <= 4; i++)
        {
            DateTimeOffset t = from.AddSeconds(span * i / 4);
            int x = Left + (int)Math.Round(plotW * i / 4.0);
            canvas.FillRect(x, Top, 1, plotH, Grid);
            string label = t.ToUniversalTime().ToString("HH:mm", CultureInfo.InvariantCulture);
            canvas.DrawText(label, Math.Clamp(x - Canvas.TextWidth(label, Scale) / 2, 0, width - Canvas.TextWidth(label, Scale)), height - Bottom + 6, Text, Scale);
        }

        int? lastX = null, lastY = null;
        foreach (var (time, value) in curve.Points)
        {
            if (!double.IsFinite(value))
            {
                lastX = null;
                continue;
            }
            int x = Left + (int)Math.Round(plotW * Math.Clamp((time - from).TotalSeconds / span, 0, 1));
            int y = Top + plotH - (int)Math.Round(plotH * Math.Clamp((value - min) / (max - min), 0, 1));
            if (lastX is { } px && lastY is { } py)
            {
                canvas.FillBelow(px, py, x, y, Top + plotH, Fill);
                canvas.DrawLine(px, py, x, y, Line);
                canvas.DrawLine(px, py + 1, x, y + 1, Line);
            }
            lastX = x;
            lastY = y;
        }
        return PngWriter.Encode(width, height, canvas.Pixels);
    }

    private static double NiceCeiling(double v)
    {
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(v)));
        foreach (double step in (double[])[1, 2, 2.5, 5, 10])
        {
            if (step * magnitude >= v)
            {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static string Format(double v) => v switch
    {
        >= 1e9 => (v / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "G",
        >= 1e6 => (v / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1e3 => (v / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "K",
        _ => v.ToString("0.##", CultureInfo.InvariantCulture),
    };

    private sealed class Canvas(int width, int height)
    {
        public byte[] Pixels { get; } = new byte[width * height * 3];

        // 3×5 glyphs, one row per 3 bits (MSB left), top row first.
        private static readonly Dictionary<char, int[]> Glyphs = new()
        {
            ['0'] = [7, 5, 5, 5, 7], ['1'] = [2, 6, 2, 2, 7], ['2'] = [7, 1, 7, 4, 7], ['3'] = [7, 1, 7, 1, 7], ['4'] = [5, 5, 7, 1, 1],
            ['5'] = [7, 4, 7, 1, 7], ['6'] = [7, 4, 7, 5, 7], ['7'] = [7, 1, 1, 1, 1], ['8'] = [7, 5, 7, 5, 7], ['9'] = [7, 5, 7, 1, 7],
            ['.'] = [0, 0, 0, 0, 2], [':'] = [0, 2, 0, 2, 0], ['%'] = [5, 1, 2, 4, 5], ['-'] = [0, 0, 7, 0, 0],
            ['K'] = [5, 5, 6, 5, 5], ['M'] = [5, 7, 7, 5, 5], ['G'] = [7, 4, 5, 5, 7], [' '] = [0, 0, 0, 0, 0],
        };

        public static int TextWidth(string text, int scale) => text.Length * 4 * scale;

        public void Set(int x, int y, (byte R, byte G, byte B) c)
        {
            if ((uint)x >= (uint)width || (uint)y >= (uint)height)
            {
                return;
            }
            int i = (y * width + x) * 3;
            Pixels[i] = c.R;
            Pixels[i + 1] = c.G;
            Pixels[i + 2] = c.B;
        }

        public void FillRect(int x, int y, int w, int h, (byte R, byte G, byte B) c)
        {
            for (int yy = y; yy < y + h; yy++)
            {
                for (int xx = x; xx < x + w; xx++)
                {
                    Set(xx, yy, c);
                }
            }
        }

        /// <summary>Bresenham.</summary>
        public void DrawLine(int x0, int y0, int x1, int y1, (byte R, byte G, byte B) c)
        {
            int dx = Math.Abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
            int dy = -Math.Abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
            int err = dx + dy;
            while (true)
            {
                Set(x0, y0, c);
                if (x0 == x1 && y0 == y1)
                {
                    return;
                }
                int e2 = 2 * err;
                if (e2 >= dy)
                {
                    err += dy;
                    x0 += sx;
                }
                if (e2 <= dx)
                {
                    err += dx;
                    y0 += sy;
                }
            }
        }

        /// <summary>Shades each column between the segment and the baseline.</summary>
        public void FillBelow(int x0, int y0, int x1, int y1, int baseline, (byte R, byte G, byte B) c)
        {
            for (int x = Math.Min(x0, x1); x <= Math.Max(x0, x1); x++)
            {
                double t = x1 == x0 ? 1 : (x - x0) / (double)(x1 - x0);
                int y = (int)Math.Round(y0 + (y1 - y0) * t);
                FillRect(x, y, 1, Math.Max(0, baseline - y), c);
            }
        }

        public void DrawText(string text, int x, int y, (byte R, byte G, byte B) c, int scale)
        {
            foreach (char ch in text)
            {
                if (Glyphs.TryGetValue(ch, out int[]? rows))
                {
                    for (int row = 0; row < 5; row++)
                    {
                        for (int col = 0; col < 3; col++)
                        {
                            if ((rows[row] >> (2 - col) & 1) != 0)
                            {
                                FillRect(x + col * scale, y + row * scale, scale, scale, c);
                            }
                        }
                    }
                }
                x += 4 * scale;
            }
        }
    }
}
