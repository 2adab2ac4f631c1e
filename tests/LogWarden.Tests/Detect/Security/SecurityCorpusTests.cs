using System.Globalization;
using LogWarden.Detect.Security;
using LogWarden.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Detect.Security;

/// <summary>
/// The shared security corpus (../shared/data/security) and the LogHub background logs, scored by the reference
/// scorer (../shared/tools/score_events.py) exactly as the data README shows, so the bars cannot silently regress.
/// </summary>
public sealed partial class SecurityCorpusTests
{
    private const double MinRecall = 0.99;
    private const double MaxFalseEventRate = 0.005;

    private static readonly string[] Background = ["HDFS", "Hadoop", "Spark", "Zookeeper", "HealthApp", "BGL", "HPC"];

    private static string Corpus => Path.Combine(SharedData.Root(), "security");

    private static IEnumerable<string> BackgroundFiles => Background.Select(name => Path.Combine(SharedData.Root(), "loghub2k", name, $"{name}_2k.log"));

    [Fact]
    public void Events_meet_the_recall_and_false_event_bars_in_the_reference_scorer()
    {
        EventScorer.Score score = EventScorer.Run(Corpus, [Corpus, .. BackgroundFiles],
        [
            "--background", .. BackgroundFiles,
            "--min-recall", MinRecall.ToString(CultureInfo.InvariantCulture), "--max-false", MaxFalseEventRate.ToString(CultureInfo.InvariantCulture),
        ]);
        Assert.True(score.Recall >= MinRecall, $"recall {score.Recall}\n{score.Report}");
        Assert.True(score.FalseEventRate <= MaxFalseEventRate, $"false-event rate {score.FalseEventRate}\n{score.Report}");
        Assert.True(score.ExitCode == 0, score.Report);
    }

    [Fact]
    public void The_background_logs_raise_no_hostile_event_at_all()
    {
        foreach (string file in BackgroundFiles)
        {
            var recognizer = new SecurityEventRecognizer();
            var decoder = new LogFileDecoder(file, new LogFileOptions { Multiline = MultilineOptions.LinePerRecord });
            var hostile = decoder.ReadRecords().Select(r => (r, e: recognizer.Recognize(r))).Where(x => x.e is { Hostile: true }).ToList();
            Assert.True(hostile.Count == 0, $"{Path.GetFileName(file)}:{hostile.FirstOrDefault().r?.LineNumber} {hostile.FirstOrDefault().e}");
        }
    }

    [Fact]
    public void The_shape_cache_changes_no_event()
    {
        var files = Directory.GetFiles(Corpus, "*.log").Concat(SharedData.LogHubDatasets.Select(n => Path.Combine(SharedData.Root(), "loghub2k", n, $"{n}_2k.log")));
        foreach (string file in files)
        {
            var records = new LogFileDecoder(file, new LogFileOptions { Multiline = MultilineOptions.LinePerRecord }).ReadRecords().ToList();
            var cached = new SecurityEventRecognizer(cacheLineShapes: true);
            var fresh = new SecurityEventRecognizer(cacheLineShapes: false);
            foreach (var record in records)
            {
                Assert.Equal(fresh.Recognize(record), cached.Recognize(record));
            }
        }
    }

    [Fact]
    public void The_shape_cache_changes_no_event_for_structured_records_either()
    {
        string[] templates =
        [
            "{{\"level\":\"warn\",\"time\":\"2024-01-12T10:00:{0:00}Z\",\"msg\":\"Failed login for user{0} from 192.0.2.{0}\",\"port\":{1}}}",
            "{{\"level\":\"info\",\"msg\":\"login ok\",\"user\":\"u{0}\",\"remote_addr\":\"198.51.100.{0}:{1}\"}}",
            "ts=2024-01-12T10:00:{0:00}Z level=error msg=\"invalid credentials\" client_ip=203.0.113.{0} user=admin{0}",
            "{{\"ClientHost\":\"192.0.2.{0}\",\"DownstreamStatus\":{2},\"RequestMethod\":\"GET\",\"RequestPath\":\"/p{1}\"}}",
        ];
        var lines = new List<string>();
        for (int i = 1; i < 60; i++)
        {
            foreach (string template in templates)
            {
                lines.Add(string.Format(CultureInfo.InvariantCulture, template, i, 40000 + i, i % 2 == 0 ? 401 : 200));
            }
        }

        Assert.Equal(SecurityLines.RecognizeAll(lines, cacheLineShapes: false), SecurityLines.RecognizeAll(lines, cacheLineShapes: true));
        Assert.Contains(SecurityLines.RecognizeAll(lines), e => e is { Kind: SecurityEventKinds.AuthFailure, Ip: "192.0.2.7" });
    }

}
