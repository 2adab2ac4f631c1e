using LogWarden.Collect;
using LogWarden.Collect.Docker;
using LogWarden.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Collect.Docker;

public sealed class DockerSourceTests : IDisposable
{
    private static readonly string Web = DockerContainersFixture.NewId('a');
    private static readonly string Db = DockerContainersFixture.NewId('b');

    private readonly DockerContainersFixture _docker = new();

    public void Dispose() => _docker.Dispose();

    private DockerSourceOptions Import() => new() { ContainersDirectory = _docker.Root, StopAtEnd = true, Host = "vps1" };

    private DockerSourceOptions Follow() => Import() with
    {
        StopAtEnd = false,
        PollInterval = TimeSpan.FromMilliseconds(10),
        DiscoveryInterval = TimeSpan.FromMilliseconds(10),
    };

    private static async Task<RecordingIngestSink> ImportAsync(DockerSourceOptions options, InMemoryCheckpoints? checkpoints = null, DockerSource? source = null)
    {
        var sink = new RecordingIngestSink(checkpoints);
        await (source ?? new DockerSource(options)).RunAsync(sink, sink.Checkpoints, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        return sink;
    }

    private static string[] Messages(RecordingIngestSink sink) => [.. sink.Records.Select(r => r.Record.Message)];

    [Fact]
    public async Task Reads_entries_with_labels_from_the_container_config_and_docker_time()
    {
        _docker.AddContainer(Web, "shop-web-1", "nginx:1.27", composeService: "web");
        _docker.WriteLines(Web, "GET /health 200");
        _docker.Write(Web, "upstream timed out\n", stream: "stderr");

        var sink = await ImportAsync(Import());

        Assert.Equal(["GET /health 200", "upstream timed out"], Messages(sink));
        var stdout = sink.Records[0];
        Assert.Equal("""{compose_service="web",container="shop-web-1",host="vps1",image="nginx:1.27",job="docker",stream="stdout"}""", stdout.Labels.Key);
        Assert.Equal("stderr", sink.Records[1].Labels["stream"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, 1, TimeSpan.Zero).AddTicks(3), stdout.Record.Timestamp);
        Assert.Equal("shop-web-1", stdout.Record.Source);
        var checkpoint = ContainerLog.ParseCheckpoint(sink.Checkpoints.Get("docker", Web));
        Assert.Equal(new FileInfo(_docker.LogPath(Web)).Length, checkpoint!.Value.Offset);
    }

    [Fact]
    public async Task Application_json_lines_are_decoded_with_their_level_and_fields()
    {
        _docker.AddContainer(Web, "api", "ghcr.io/acme/api:2");
        _docker.WriteLines(Web, """{"level":"error","msg":"payment failed","order":42}""", """{"level":"info","msg":"ok","order":43}""");

        var sink = await ImportAsync(Import());

        var first = sink.Records[0].Record;
        Assert.Equal("payment failed", first.Message);
        Assert.Equal(Severity.Error, first.Level);
        Assert.Contains(new KeyValuePair<string, string>("order", "42"), first.Fields);
        Assert.Equal("""{"level":"error","msg":"payment failed","order":42}""", first.Raw);
    }

    [Fact]
    public async Task A_host_name_inside_a_container_line_is_the_containers_not_the_machines()
    {
        _docker.AddContainer(Web, "web", "node:22");
        _docker.WriteLines(Web, $$"""{"level":50,"pid":1,"hostname":"{{Web[..12]}}","msg":"request aborted"}""");

        var sink = await ImportAsync(Import());

        var record = Assert.Single(sink.Records);
        Assert.Null(record.Record.Host); // so the stream's host label (the machine) names it
        Assert.Equal("vps1", record.Labels["host"]);
        Assert.Contains(new KeyValuePair<string, string>("hostname", Web[..12]), record.Record.Fields);
        Assert.Equal(Severity.Error, record.Record.Level);
    }

    [Fact]
    public async Task Partial_entries_are_joined_per_stream_into_one_record()
    {
        _docker.AddContainer(Web, "web", "app:1");
        string a = new('a', 16384), b = new('b', 16384);
        _docker.Write(Web, a);
        _docker.Write(Web, "error on the other stream\n", stream: "stderr");
        _docker.Write(Web, b);
        _docker.Write(Web, "end\n");
        _docker.WriteLines(Web, "next");

        var sink = await ImportAsync(Import());

        Assert.Equal(["error on the other stream", a + b + "end", "next"], Messages(sink));
        Assert.False(sink.Records[1].Record.Truncated);
    }

    [Fact]
    public async Task Joined_entry_over_the_limit_is_cut_and_marked_truncated()
    {
        _docker.AddContainer(Web, "web", "app:1");
        _docker.Write(Web, new string('x', 3000));
        _docker.Write(Web, new string('y', 3000) + "\n");

        var sink = await ImportAsync(Import() with { MaxEntryChars = 4000 });

        var record = Assert.Single(sink.Records).Record;
        Assert.Equal(new string('x', 3000) + new string('y', 1000), record.Message);
        Assert.True(record.Truncated);
    }

    [Fact]
    public async Task Restart_resumes_after_the_checkpoint_with_no_loss_and_no_duplicate()
    {
        _docker.AddContainer(Web, "web", "app:1");
        _docker.WriteLines(Web, "one", "two");
        var checkpoints = new InMemoryCheckpoints();
        Assert.Equal(["one", "two"], Messages(await ImportAsync(Import(), checkpoints)));

        _docker.WriteLines(Web, "three");
        Assert.Equal(["three"], Messages(await ImportAsync(Import(), checkpoints)));
        Assert.Empty(Messages(await ImportAsync(Import(), checkpoints)));
    }

    [Fact]
    public async Task Checkpoint_stays_before_a_partial_entry_until_its_end_arrives()
    {
        _docker.AddContainer(Web, "web", "app:1");
        _docker.WriteLines(Web, "whole");
        long afterWhole = new FileInfo(_docker.LogPath(Web)).Length;
        _docker.Write(Web, "first half, ");
        var checkpoints = new InMemoryCheckpoints();

        Assert.Equal(["whole"], Messages(await ImportAsync(Import(), checkpoints)));
        Assert.Equal(afterWhole, ContainerLog.ParseCheckpoint(checkpoints.Get("docker", Web))!.Value.Offset);

        _docker.Write(Web, "second half\n");
        Assert.Equal(["first half, second half"], Messages(await ImportAsync(Import(), checkpoints)));
    }

    [Fact]
    public async Task Rotations_while_following_lose_no_line_and_repeat_none()
    {
        _docker.AddContainer(Web, "web", "app:1");
        var source = new DockerSource(Follow());
        var sink = new RecordingIngestSink();
        using var stop = new CancellationTokenSource();
        var running = source.RunAsync(sink, sink.Checkpoints, stop.Token);

        var expected = new List<string>();
        for (int round = 0; round < 4; round++)
        {
            string[] lines = [.. Enumerable.Range(0, 50).Select(i => $"round {round} line {i}")];
            _docker.WriteLines(Web, lines[..25]);
            if (round % 2 == 0)
            {
                await sink.WaitForRecordsAsync(expected.Count + 10);
            }

            _docker.Rotate(Web, compress: round == 1, maxFiles: 3);
            _docker.WriteLines(Web, lines[25..]);
            expected.AddRange(lines);
        }

        await sink.WaitForRecordsAsync(expected.Count);
        await Task.Delay(50); // a duplicate, if any, would arrive now
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(expected, Messages(sink));
    }

    [Fact]
    public async Task A_log_missing_for_a_moment_mid_rotation_keeps_the_container_and_its_checkpoint()
    {
        // Docker rotates by rename, then create: between the two the container's directory has no log file.
        _docker.AddContainer(Web, "web", "app:1");
        _docker.WriteLines(Web, "a1", "a2");
        var source = new DockerSource(Follow());
        var sink = new RecordingIngestSink();
        using var stop = new CancellationTokenSource();
        var running = source.RunAsync(sink, sink.Checkpoints, stop.Token);
        await sink.WaitForRecordsAsync(2);

        string log = _docker.LogPath(Web);
        _docker.WriteLines(Web, "a3");
        File.Move(log, log + ".1");
        await Task.Delay(300); // discovery runs every 10 ms meanwhile
        Assert.NotNull(sink.Checkpoints.Get("docker", Web));
        Assert.Equal(1, source.Stats.Containers);

        File.WriteAllText(log, string.Empty);
        _docker.WriteLines(Web, "b1");
        await sink.WaitForRecordsAsync(4);
        await Task.Delay(50); // a duplicate, if any, would arrive now
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["a1", "a2", "a3", "b1"], Messages(sink));
    }

    [Fact]
    public async Task Resume_finds_the_checkpointed_file_after_it_was_rotated_and_compressed()
    {
        _docker.AddContainer(Web, "web", "app:1");
        _docker.WriteLines(Web, "a1", "a2");
        var checkpoints = new InMemoryCheckpoints();
        Assert.Equal(["a1", "a2"], Messages(await ImportAsync(Import(), checkpoints)));

        _docker.WriteLines(Web, "a3");
        _docker.Rotate(Web, compress: true);
        _docker.WriteLines(Web, "b1", "b2");
        _docker.Rotate(Web);
        _docker.WriteLines(Web, "c1");

        var source = new DockerSource(Import());
        var sink = await ImportAsync(Import(), checkpoints, source);

        Assert.Equal(["a3", "b1", "b2", "c1"], Messages(sink));
        Assert.Equal(0, source.Stats.ResumeFilesMissing);
    }

    [Fact]
    public async Task Resume_whose_file_was_deleted_reads_every_generation_left_and_counts_the_loss()
    {
        _docker.AddContainer(Web, "web", "app:1");
        _docker.WriteLines(Web, "old");
        var checkpoints = new InMemoryCheckpoints();
        await ImportAsync(Import(), checkpoints);

        _docker.WriteLines(Web, "lost with its file");
        _docker.Rotate(Web, maxFiles: 2);
        _docker.WriteLines(Web, "kept in .1");
        _docker.Rotate(Web, maxFiles: 2);
        _docker.WriteLines(Web, "live");
        var source = new DockerSource(Import());

        var sink = await ImportAsync(Import(), checkpoints, source);

        Assert.Equal(["kept in .1", "live"], Messages(sink));
        Assert.Equal(1, source.Stats.ResumeFilesMissing);
    }

    [Fact]
    public async Task Lines_that_are_not_docker_entries_are_skipped_and_counted()
    {
        _docker.AddContainer(Web, "web", "app:1");
        _docker.WriteLines(Web, "before");
        _docker.AppendRaw(Web, "{\"stream\":\"stdout\",\"time\":\"2026-01-01T00:00:00Z\"}\n\u0000\u0001garbage{{\n{\"log\":\"trunc");
        _docker.AppendRaw(Web, "\n");
        _docker.WriteLines(Web, "after");
        var source = new DockerSource(Import());
        var sink = new RecordingIngestSink();

        await source.RunAsync(sink, sink.Checkpoints, CancellationToken.None);

        Assert.Equal(["before", "after"], Messages(sink));
        Assert.Equal(3, source.Stats.UnreadableLines);
    }

    [Fact]
    public async Task New_containers_are_found_while_running_and_removed_ones_lose_their_checkpoint()
    {
        _docker.AddContainer(Web, "web", "app:1");
        _docker.WriteLines(Web, "web up");
        var source = new DockerSource(Follow());
        var sink = new RecordingIngestSink();
        using var stop = new CancellationTokenSource();
        var running = source.RunAsync(sink, sink.Checkpoints, stop.Token);
        await sink.WaitForRecordsAsync(1);

        _docker.AddContainer(Db, "db", "postgres:17", withConfig: false);
        _docker.WriteLines(Db, "database system is ready to accept connections");
        await sink.WaitForRecordsAsync(2);
        Assert.NotNull(sink.Checkpoints.Get("docker", Web));
        _docker.RemoveContainer(Web);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (sink.Checkpoints.Get("docker", Web) is not null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Null(sink.Checkpoints.Get("docker", Web));
        Assert.NotNull(sink.Checkpoints.Get("docker", Db));
        var db = sink.Records.Single(r => r.Record.Message.StartsWith("database", StringComparison.Ordinal));
        Assert.Equal("bbbbbbbbbbbb", db.Labels["container"]); // no config.v2.json: the short id
    }

    [Fact]
    public async Task Batch_the_sink_refuses_is_read_again()
    {
        _docker.AddContainer(Web, "web", "app:1");
        _docker.WriteLines(Web, "one", "two");
        int writes = 0;
        var sink = new RecordingIngestSink
        {
            BeforeWrite = (_, _) => Interlocked.Increment(ref writes) == 1 ? throw new IOException("store full") : ValueTask.CompletedTask,
        };
        var source = new DockerSource(Follow());
        using var stop = new CancellationTokenSource();
        var running = source.RunAsync(sink, sink.Checkpoints, stop.Token);

        await sink.WaitForRecordsAsync(2);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["one", "two"], Messages(sink));
        Assert.Equal("the sink refused a batch: store full", source.Stats.LastError);
    }

    [Fact]
    public async Task Missing_containers_directory_is_reported_and_nothing_crashes()
    {
        var source = new DockerSource(Import() with { ContainersDirectory = Path.Combine(_docker.TempPath, "no-docker-here") });

        var sink = await ImportAsync(Import(), source: source);

        Assert.Empty(sink.Batches);
        Assert.Contains("no-docker-here cannot be read", source.Stats.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Busy_container_is_read_in_bounded_batches_in_order()
    {
        _docker.AddContainer(Web, "web", "app:1");
        string[] lines = [.. Enumerable.Range(0, 1000).Select(i => $"line {i}")];
        _docker.WriteLines(Web, lines);

        var sink = await ImportAsync(Import() with { BatchSize = 64 });

        Assert.Equal(lines, Messages(sink));
        Assert.All(sink.Batches, b => Assert.InRange(b.Records.Count, 0, 64));
    }
}
