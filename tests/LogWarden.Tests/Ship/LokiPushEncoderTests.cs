using LogWarden.Collect;
using LogWarden.Collect.LokiPush;
using LogWarden.Ship;
using Snappier;

namespace LogWarden.Tests.Ship;

/// <summary>The push encoder against bytes worked out by hand from push.proto, and against our own reader.</summary>
public sealed class LokiPushEncoderTests
{
    [Fact]
    public void One_entry_with_its_sequence_encodes_to_the_hand_checked_bytes()
    {
        var entry = new ShipEntry(DateTimeOffset.UnixEpoch.AddSeconds(1).AddTicks(2), "hi", 7);

        byte[] message = LokiPushEncoder.EncodeMessage([new ShipStream("{job=\"a\"}", [entry])], withSequence: true);

        byte[] expected =
        [
            0x0A, 37, // PushRequest.streams (1, length-delimited), 37 bytes
            0x0A, 9, .. "{job=\"a\"}"u8, // StreamAdapter.labels (1)
            0x12, 24, // StreamAdapter.entries (2), 24 bytes
            0x0A, 5, 0x08, 0x01, 0x10, 0xC8, 0x01, // EntryAdapter.timestamp (1): seconds (1) = 1, nanos (2) = 200 (varint C8 01)
            0x12, 2, .. "hi"u8, // EntryAdapter.line (2)
            0x1A, 11, 0x0A, 6, .. "lw_seq"u8, 0x12, 1, (byte)'7', // EntryAdapter.structuredMetadata (3): name (1), value (2)
        ];
        Assert.Equal(expected, message);
        Assert.Equal(message, Snappy.DecompressToArray(LokiPushEncoder.Encode([new ShipStream("{job=\"a\"}", [entry])], withSequence: true)));
    }

    [Fact]
    public void The_pooled_body_holds_the_same_snappy_block_as_the_plain_one_push_after_push()
    {
        // Several pushes of different sizes in a row: a rented buffer is larger than the body and may hold an
        // earlier push's bytes, so only the body's own length must be sent, and it must decode to this push.
        for (int lines = 1; lines <= 4000; lines *= 4)
        {
            var streams = new List<ShipStream>
            {
                new("{host=\"web1\", job=\"nginx\"}", [.. Enumerable.Range(0, lines).Select(i => new ShipEntry(DateTimeOffset.UnixEpoch.AddSeconds(1_700_000_000 + i), $"GET /api/items/{i * 7919 % 100_000} 200 {i}", 1000 + i))]),
                new("{host=\"web1\", job=\"auth\"}", [new ShipEntry(DateTimeOffset.UnixEpoch.AddSeconds(1_700_000_000), $"Failed password for root from 10.0.0.{lines % 256}", 999)]),
            };

            PooledBody body = LokiPushEncoder.EncodePooled(streams, withSequence: true);

            Assert.Equal(LokiPushEncoder.EncodeMessage(streams, withSequence: true), Snappy.DecompressToArray(body.Memory.Span));
            Assert.Equal(LokiPushEncoder.Encode(streams, withSequence: true), body.Memory.ToArray());
            body.Return();
        }
    }

    [Fact]
    public void Zero_time_and_empty_line_are_left_out_as_proto3_does_and_no_sequence_is_sent_to_plain_Loki()
    {
        byte[] message = LokiPushEncoder.EncodeMessage([new ShipStream("{a=\"b\"}", [new ShipEntry(DateTimeOffset.UnixEpoch, "", 5)])], withSequence: false);

        Assert.Equal([0x0A, 13, 0x0A, 7, .. "{a=\"b\"}"u8, 0x12, 2, 0x0A, 0], message);
    }

    [Fact]
    public void What_the_encoder_writes_our_receiver_reads_back_unchanged()
    {
        var t = new DateTimeOffset(2026, 11, 26, 3, 30, 0, TimeSpan.Zero);
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = "web1",
            ["path"] = "C:\\logs\\\"odd\"\tname\nx\u0001",
        };
        var first = new ShipStream(LokiPushEncoder.LabelText(labels), [new(t.AddTicks(1), "Failed password for root from 203.0.113.9", 1), new(t.AddSeconds(1), "zürich ✓ 😀", 2)]);
        var second = new ShipStream("{job=\"api\"}", [new(new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(3), "before the epoch", 300), new(t, new string('x', 70_000), long.MaxValue)]);

        byte[] message = LokiPushEncoder.EncodeMessage([first, second], withSequence: true);
        var builder = new LokiRecordBuilder(new LokiPushOptions(), new LokiPushCaches(), t);
        LokiProtobufReader.Read(message, message.Length, builder);

        var records = builder.Records;
        Assert.Equal(4, records.Count);
        Assert.Equal(new StreamLabels(labels), records[0].Labels);
        Assert.Equal(["Failed password for root from 203.0.113.9", "zürich ✓ 😀", "before the epoch", new string('x', 70_000)], records.Select(r => r.Record.Raw));
        Assert.Equal([t.AddTicks(1), t.AddSeconds(1), new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(3), t], records.Select(r => r.Record.Timestamp!.Value));
        Assert.Equal(["1", "2", "300", long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture)], records.Select(r => r.Record.Fields.Single(f => f.Key == "lw_seq").Value));
        Assert.Equal("api", records[2].Labels["job"]);
    }

    [Fact]
    public void A_receiver_given_a_high_water_mark_drops_entries_at_or_below_it()
    {
        var t = new DateTimeOffset(2026, 11, 26, 3, 30, 0, TimeSpan.Zero);
        byte[] message = LokiPushEncoder.EncodeMessage([new ShipStream("{host=\"web1\"}", [.. Enumerable.Range(1, 10).Select(i => new ShipEntry(t, $"line {i}", i))])], withSequence: true);
        var builder = new LokiRecordBuilder(new LokiPushOptions(), new LokiPushCaches(), t) { AfterSequence = 6 };

        LokiProtobufReader.Read(message, message.Length, builder);

        Assert.Equal(["line 7", "line 8", "line 9", "line 10"], builder.Records.Select(r => r.Record.Raw));
        Assert.Equal(6, builder.Duplicates);
        Assert.Equal(10, builder.MaxSequence);
    }
}
