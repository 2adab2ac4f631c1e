using LogWarden.Detect.Security;
using LogWarden.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Detect.Security;

public sealed class WebVerdictsTests
{
    /// <summary>Access records of the security corpus' web logs and of the synthetic server mix.</summary>
    private static List<WebRequest> Requests()
    {
        var records = new List<LogRecord>();
        foreach (string file in Directory.GetFiles(Path.Combine(SharedData.Root(), "security"), "*.log")
            .Where(f => Path.GetFileName(f).StartsWith("apache", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("nginx", StringComparison.Ordinal)))
        {
            records.AddRange(new LogFileDecoder(file, new LogFileOptions { Format = "access" }).ReadRecords());
        }
        var synthetic = new SyntheticLogs(7);
        var context = new DecodeContext("access.log");
        for (int i = 0; i < 20_000; i++)
        {
            var (_, file, text) = synthetic.Next();
            if (file == 0 && AccessLogDecoder.Instance.TryDecode(text, context, out LogRecord? record))
            {
                records.Add(record);
            }
        }
        var requests = new List<WebRequest>();
        foreach (LogRecord record in records)
        {
            if (WebRequestClassifier.TryReadFields(record, SecurityDefinitions.Default, out WebRequest request))
            {
                requests.Add(request);
            }
        }
        return requests;
    }

    [Fact]
    public void Remembered_verdicts_classify_every_request_as_matching_afresh_does()
    {
        List<WebRequest> requests = Requests();
        WebDefinitions web = SecurityDefinitions.Default.Web;
        var verdicts = new WebVerdicts();
        int events = 0;

        for (int pass = 0; pass < 2; pass++) // the second pass answers from the verdicts
        {
            foreach (WebRequest request in requests)
            {
                var fresh = WebRequestClassifier.Classify(request, web, out string? freshTarget);
                var remembered = WebRequestClassifier.Classify(request, web, out string? rememberedTarget, verdicts);
                Assert.Equal(fresh, remembered);
                Assert.Equal(freshTarget, rememberedTarget);
                events += fresh is { Hostile: true } ? 1 : 0;
            }
        }

        Assert.True(requests.Count > 10_000);
        Assert.True(events > 200, $"{events} hostile requests: the corpus should exercise every verdict");
    }
}
