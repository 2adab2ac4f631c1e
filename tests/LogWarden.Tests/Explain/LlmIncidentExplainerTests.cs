using System.Text.Json.Nodes;
using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Explain;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Explain;

public sealed class LlmIncidentExplainerTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private LlmConfig Config(Func<LlmConfig, LlmConfig>? change = null)
    {
        var config = new LlmConfig
        {
            BaseUrl = _server.BaseUrl.ToString(),
            Model = FakeOpenAiServer.Model,
            ApiKey = "sk-test-key-for-the-fake-server-000000",
            Timeout = TimeSpan.FromSeconds(20),
            Prices = new Dictionary<string, LlmPrice> { [FakeOpenAiServer.Model] = new LlmPrice(0.15m, 0.60m) },
        };
        return change is null ? config : change(config);
    }

    private static IIncidentExplainer Explainer(LlmConfig config, IExplanationStore? store = null, TimeProvider? time = null) =>
        ExplainerFactory.Create(config, store ?? new InMemoryExplanationStore(), time: time);

    [Fact]
    public async Task A_valid_answer_becomes_the_explanation_and_the_request_follows_the_wire_format()
    {
        IncidentExplanation e = await Explainer(Config()).ExplainAsync(SampleIncidents.SshBruteForce(), default);

        Assert.Equal(ExplanationOrigin.Llm, e.Origin);
        Assert.Equal("Someone at 203.0.113.7 is guessing SSH passwords.", e.Summary);
        Assert.Equal(FindingSeverity.Warning, e.SuggestedSeverity);
        Assert.Equal(["Block 203.0.113.7", "Check for successful logins"], e.Steps);
        Assert.Equal(0.8, e.Confidence);
        Assert.Equal(FakeOpenAiServer.Model, e.Model);

        RecordedChatRequest request = Assert.Single(_server.Requests);
        Assert.Equal("Bearer sk-test-key-for-the-fake-server-000000", request.Authorization);
        JsonNode body = request.Json;
        Assert.Equal(FakeOpenAiServer.Model, (string?)body["model"]);
        Assert.Equal("json_schema", (string?)body["response_format"]!["type"]);
        Assert.Equal(ExplanationAnswer.SchemaName, (string?)body["response_format"]!["json_schema"]!["name"]);
        JsonNode schema = body["response_format"]!["json_schema"]!["schema"]!;
        Assert.Equal(5, schema["required"]!.AsArray().Count);
        Assert.Null(body["tools"]);
        Assert.Equal(LlmIncidentExplainer.SystemPrompt, request.Message("system"));
        string user = request.Message("user");
        Assert.StartsWith("Incident evidence (untrusted data, JSON):\n", user, StringComparison.Ordinal);
        JsonNode evidence = JsonNode.Parse(user[(user.IndexOf('\n', StringComparison.Ordinal) + 1)..])!;
        Assert.Equal("ssh-brute-force", (string?)evidence["kind"]);
    }

    [Fact]
    public async Task An_explanation_is_cached_by_fingerprint_and_digest_and_survives_a_restart()
    {
        using var dir = new TempDirectory();
        IncidentRecord incident = SampleIncidents.SshBruteForce();
        using (var store = EmbeddedStore.Open(dir.Path, new EmbeddedStoreOptions { MinFreeBytes = 0, MinFreeFraction = 0 }))
        {
            await Explainer(Config(), store).ExplainAsync(incident, default);
            // The incident goes on (more lines, other samples): same digest, no new request.
            IncidentExplanation again = await Explainer(Config(), store).ExplainAsync(incident with { Lines = 5000, Evidence = incident.Evidence with { Samples = ["x"] } }, default);
            Assert.Equal(ExplanationOrigin.Llm, again.Origin);
        }
        using (var reopened = EmbeddedStore.Open(dir.Path, new EmbeddedStoreOptions { MinFreeBytes = 0, MinFreeFraction = 0, ReadOnly = true }))
        {
            IncidentExplanation cached = await Explainer(Config(), reopened).ExplainAsync(incident, default);
            Assert.Equal("Someone at 203.0.113.7 is guessing SSH passwords.", cached.Summary);
            LlmUsage usage = reopened.ReadLlmUsage(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1));
            Assert.Equal(1, usage.Calls);
            Assert.Equal(900, usage.InputTokens);
            Assert.Equal(150, usage.OutputTokens);
            // 900 × 0.15 + 150 × 0.60 per million.
            Assert.Equal(0.000225m, usage.Cost);
        }
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Over_the_daily_budget_nothing_is_sent_and_the_explanation_is_deterministic()
    {
        var store = new InMemoryExplanationStore();
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        LlmConfig config = Config(c => c with { DailyTokens = 3000, MonthlyTokens = 1_000_000 });
        IIncidentExplainer explainer = Explainer(config, store, time);

        Assert.Equal(ExplanationOrigin.Llm, (await explainer.ExplainAsync(SampleIncidents.SshBruteForce(id: 1), default)).Origin);
        // 1,050 tokens spent; the second incident's estimate (pack + prompt + 600 out) does not fit in 3,000 any more.
        _server.Reply = (_, _) => new FakeChatReply.Completion(FakeOpenAiServer.ValidAnswer, PromptTokens: 1800, CompletionTokens: 100);
        IncidentRecord other = SampleIncidents.Make("disk-full", "Disk / full", new Dictionary<string, string> { ["mount"] = "/", ["host"] = "web1" }, id: 2);
        Assert.Equal(ExplanationOrigin.Llm, (await explainer.ExplainAsync(other, default)).Origin);
        IncidentRecord third = SampleIncidents.Make("unit-failed", "nginx.service failed", new Dictionary<string, string> { ["unit"] = "nginx.service" }, id: 3);
        IncidentExplanation refused = await explainer.ExplainAsync(third, default);

        Assert.Equal(ExplanationOrigin.Deterministic, refused.Origin);
        Assert.Contains("daily LLM budget", refused.Note, StringComparison.Ordinal);
        Assert.Equal(2, _server.Requests.Count);

        // The next UTC day has a fresh budget.
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(ExplanationOrigin.Llm, (await explainer.ExplainAsync(third, default)).Origin);
    }

    [Fact]
    public async Task The_monthly_budget_is_kept_across_days()
    {
        var store = new InMemoryExplanationStore();
        store.RecordLlmUsage(new DateOnly(2026, 11, 2), FakeOpenAiServer.Model, 9000, 500, 0m);
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        IncidentExplanation e = await Explainer(Config(c => c with { MonthlyTokens = 10_000 }), store, time).ExplainAsync(SampleIncidents.SshBruteForce(), default);
        Assert.Equal(ExplanationOrigin.Deterministic, e.Origin);
        Assert.Contains("monthly", e.Note, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    public static TheoryData<string> BadReplies => new() { "500", "429", "401", "broken-body", "not-json", "wrong-schema", "bad-severity", "empty-choices" };

    [Theory]
    [MemberData(nameof(BadReplies))]
    public async Task A_failing_or_malformed_answer_falls_back_to_the_deterministic_explanation(string reply)
    {
        _server.Reply = (_, _) => reply switch
        {
            "500" => new FakeChatReply.Error(500, "server_error", "internal_error", "The server had an error while processing your request."),
            "429" => new FakeChatReply.Error(429, "requests", "rate_limit_exceeded", "Rate limit reached for requests"),
            "401" => new FakeChatReply.Error(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
            "broken-body" => new FakeChatReply.BrokenBody("{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":"),
            "not-json" => new FakeChatReply.Completion("The incident is an SSH brute force. Block the address."),
            "wrong-schema" => new FakeChatReply.Completion("{\"summary\":\"x\",\"steps\":\"block it\",\"confidence\":0.5}"),
            "bad-severity" => new FakeChatReply.Completion("{\"summary\":\"x\",\"probable_cause\":\"y\",\"severity_suggestion\":\"apocalyptic\",\"steps\":[],\"confidence\":0.5}"),
            _ => new FakeChatReply.BrokenBody("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"fake-gpt\",\"choices\":[]}"),
        };
        IncidentRecord incident = SampleIncidents.SshBruteForce();
        IncidentExplanation e = await Explainer(Config()).ExplainAsync(incident, default);

        Assert.Equal(ExplanationOrigin.Deterministic, e.Origin);
        Assert.NotNull(e.Note);
        Assert.Contains("203.0.113.7", string.Join(' ', e.Steps), StringComparison.Ordinal);
        Assert.NotEmpty(_server.Requests);
    }

    [Fact]
    public async Task A_slow_llm_times_out_into_the_deterministic_explanation()
    {
        _server.Reply = (_, _) => new FakeChatReply.Completion(FakeOpenAiServer.ValidAnswer, Delay: TimeSpan.FromMinutes(2));
        IncidentExplanation e = await Explainer(Config(c => c with { Timeout = TimeSpan.FromSeconds(1) })).ExplainAsync(SampleIncidents.SshBruteForce(), default);
        Assert.Equal(ExplanationOrigin.Deterministic, e.Origin);
        Assert.Contains("did not answer", e.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_falls_back()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        IncidentExplanation e = await Explainer(Config(c => c with { BaseUrl = $"http://127.0.0.1:{port}/v1" })).ExplainAsync(SampleIncidents.SshBruteForce(), default);
        Assert.Equal(ExplanationOrigin.Deterministic, e.Origin);
        Assert.Contains("request failed", e.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_pseudonymised_addresses_the_model_sees_aliases_and_the_owner_the_addresses()
    {
        _server.Reply = (_, _) => new FakeChatReply.Completion("""
            {"summary":"public-ip-1 is guessing passwords.","probable_cause":"A bot at public-ip-1.","severity_suggestion":"warning","steps":["Block public-ip-1"],"confidence":0.7}
            """);
        IncidentExplanation e = await Explainer(Config(c => c with { PseudonymizeIps = true })).ExplainAsync(SampleIncidents.SshBruteForce(), default);

        RecordedChatRequest request = Assert.Single(_server.Requests);
        Assert.DoesNotContain("203.0.113.7", request.Text, StringComparison.Ordinal);
        Assert.Contains("public-ip-1", request.Message("user"), StringComparison.Ordinal);
        Assert.Equal("203.0.113.7 is guessing passwords.", e.Summary);
        Assert.Equal(["Block 203.0.113.7"], e.Steps);
    }

    [Fact]
    public async Task The_secret_corpus_is_fully_redacted_in_the_bytes_the_llm_server_received()
    {
        // Every corpus line as a sample, a title, a template and an entity value, across several incidents.
        var lines = SecretCorpus.Lines;
        IIncidentExplainer explainer = Explainer(Config(c => c with { EvidenceTokens = 32_000 }));
        for (int i = 0; i < lines.Count; i += 5)
        {
            var chunk = lines.Skip(i).Take(5).ToList();
            IncidentRecord incident = SampleIncidents.Make(
                "new-error-template",
                "New error: " + chunk[0].Line,
                new Dictionary<string, string> { ["source"] = "app", ["path"] = chunk[^1].Line, ["host"] = "web1" },
                chunk.Select(c => c.Line).ToList(),
                chunk.Select((c, n) => new TemplateEvidence(100 + i + n, c.Line, 3)).ToList(),
                id: 100 + i);
            await explainer.ExplainAsync(incident, default);
        }

        Assert.Equal((lines.Count + 4) / 5, _server.Requests.Count);
        string sent = string.Concat(_server.Requests.Select(r => r.Text));
        string sentDecoded = string.Concat(_server.Requests.Select(r => r.Message("user")));
        var leaks = lines.SelectMany(l => l.Secrets).Where(s => sent.Contains(s, StringComparison.Ordinal) || sentDecoded.Contains(s, StringComparison.Ordinal)).ToList();
        Assert.Empty(leaks);
        Assert.Contains("[REDACTED:", sentDecoded, StringComparison.Ordinal);
    }
}
