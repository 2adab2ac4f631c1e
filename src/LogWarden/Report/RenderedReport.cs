namespace LogWarden.Report;

/// <summary>A chart as a PNG, referenced from the HTML as <c>cid:{ContentId}</c> (an e-mail's inline part).</summary>
internal sealed record ReportImage(string ContentId, string FileName, string Title, byte[] Png);

/// <summary>
/// The report ready to send: a subject line, the plain text, Markdown (chat notifiers), HTML (e-mail, with
/// the charts as inline images referenced by content id) and the images themselves.
/// </summary>
internal sealed record RenderedReport(string Subject, string Text, string Markdown, string Html, IReadOnlyList<ReportImage> Images)
{
    /// <summary>The HTML with each <c>cid:</c> image inlined as a data URI, for a file or a browser.</summary>
    public string HtmlWithInlineImages()
    {
        string html = Html;
        foreach (ReportImage image in Images)
        {
            html = html.Replace("cid:" + image.ContentId, "data:image/png;base64," + Convert.ToBase64String(image.Png), StringComparison.Ordinal);
        }
        return html;
    }
}
