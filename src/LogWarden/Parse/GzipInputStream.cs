using System.Buffers.Binary;
using System.IO.Compression;

namespace LogWarden.Parse;

/// <summary>
/// A <see cref="GZipStream"/> that notices when its input ends early. .NET's GZipStream reports a gzip cut
/// short (a rotated file still being compressed, a partial copy) as a clean end of stream
/// (dotnet/runtime#47563; the check added in #61768 was reverted), so this wrapper compares the trailer's
/// ISIZE field — the last four bytes of the input, the uncompressed length mod 2^32 (RFC 1952 §2.3.1) —
/// with the number of bytes actually decompressed, and throws <see cref="InvalidDataException"/> on a
/// mismatch, which <see cref="LineReader"/> records as the input's error.
/// <para>
/// Limitation: for a file of several concatenated gzip members ISIZE covers the last member only, so such a
/// file is reported as damaged although every line was read.
/// </para>
/// </summary>
internal sealed class GzipInputStream : SequentialReadStream
{
    // Header (10) + empty deflate block (2) + trailer (8): nothing shorter is a whole gzip file.
    private const int SmallestGzipBytes = 20;

    private readonly TailRecordingStream _compressed;
    private long _decompressed;
    private bool _checked;

    public GzipInputStream(Stream compressed)
        : this(new TailRecordingStream(compressed))
    {
    }

    // The GZipStream is the source read from and disposed; it in turn disposes the tail recorder and the input.
    private GzipInputStream(TailRecordingStream compressed)
        : base(new GZipStream(compressed, CompressionMode.Decompress))
    {
        _compressed = compressed;
    }

    public override int Read(Span<byte> buffer)
    {
        int read = Source.Read(buffer);
        _decompressed += read;
        if (read == 0 && buffer.Length > 0 && !_checked)
        {
            _checked = true;
            CheckTrailer();
        }

        return read;
    }

    private void CheckTrailer()
    {
        if (!_compressed.ReachedEnd)
        {
            return; // stopped before the end of the input (trailing data after the last member): nothing to compare
        }

        if (_compressed.TotalBytes < SmallestGzipBytes)
        {
            throw new InvalidDataException($"gzip input ends after {_compressed.TotalBytes} bytes, before its first block: the file is truncated.");
        }

        uint expected = BinaryPrimitives.ReadUInt32LittleEndian(_compressed.LastFourBytes);
        if (expected != (uint)_decompressed)
        {
            throw new InvalidDataException(
                $"gzip input ends early: {_decompressed} bytes decompressed, but the trailer does not match (the file is truncated or corrupt).");
        }
    }

    /// <summary>Passes reads through, remembering the last four bytes and whether the end was reached.</summary>
    private sealed class TailRecordingStream(Stream inner) : SequentialReadStream(inner)
    {
        private readonly byte[] _tail = new byte[4];
        private int _tailLength;

        public bool ReachedEnd { get; private set; }
        public long TotalBytes { get; private set; }
        public ReadOnlySpan<byte> LastFourBytes => _tail.AsSpan(0, _tailLength);

        public override int Read(Span<byte> buffer)
        {
            int read = Source.Read(buffer);
            if (read == 0 && buffer.Length > 0)
            {
                ReachedEnd = true;
                return 0;
            }

            TotalBytes += read;
            var fresh = buffer[..read];
            if (fresh.Length >= 4)
            {
                fresh[^4..].CopyTo(_tail);
                _tailLength = 4;
            }
            else
            {
                // Shift the previous tail left to make room for the few new bytes.
                int keep = Math.Min(_tailLength, 4 - fresh.Length);
                _tail.AsSpan(_tailLength - keep, keep).CopyTo(_tail);
                fresh.CopyTo(_tail.AsSpan(keep));
                _tailLength = keep + fresh.Length;
            }

            return read;
        }
    }
}
