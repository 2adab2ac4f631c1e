namespace LogWarden.Store.Embedded;

/// <summary>Settings of <see cref="EmbeddedStore"/>; the defaults suit a small VPS.</summary>
internal sealed record EmbeddedStoreOptions
{
    /// <summary>
    /// Seal the tail into a block once it holds this many lines… The open block is the store's largest live
    /// object while lines flow; 64 Ki lines and 8 MiB instead of 128 Ki and 16 MiB cost 5 % on disk (`store 2000000
    /// mix`: 13.26 against 12.61 B/line; zstd -3 18.47) for half of it.
    /// </summary>
    public int SealLines { get; init; } = 64 * 1024;

    /// <summary>
    /// …or this many bytes of raw text (it is held encoded in memory until then)… 4 MiB rather than 8: the NativeAOT
    /// daemon ingesting 10,000 lines/s took 87.1 and 88.5 MiB median (peaks 97.7, 99.1) against 92.0 and 91.6 (108.1,
    /// 109.0) in the same minutes, for 14.93 against 13.50 B/line on disk (`store 2000000 mix`, zstd -3 18.47).
    /// </summary>
    public long SealRawBytes { get; init; } = 4L << 20;

    /// <summary>…or when its oldest line was appended this long ago (checked on append).</summary>
    public TimeSpan SealAge { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// zstd level of sealed blocks (the tail uses level 1 so that appends stay cheap). The columns are so
    /// regular that the level matters little to the size: `store 2000000 mix` takes 13.50 bytes a line at
    /// level 3 against 13.26 at level 6 (zstd -3 of the raw text: 18.47), while sealing costs half the CPU
    /// (measured in the ingest bench, 27 Nov: 5 % of all ingest CPU saved).
    /// </summary>
    public int BlockCompressionLevel { get; init; } = 3;

    /// <summary>
    /// The disk-space guard: a write that would leave less free space than the larger of this and
    /// <see cref="MinFreeFraction"/> of the file system is refused with <see cref="StoreFullException"/>.
    /// </summary>
    public long MinFreeBytes { get; init; } = 1L << 30;

    public double MinFreeFraction { get; init; } = 0.05;

    /// <summary>Regular expressions without a timeout of their own get this one.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Host metric samples are kept as sampled this long, then as 1-minute averages…</summary>
    public TimeSpan MetricsRawFor { get; init; } = TimeSpan.FromDays(2);

    /// <summary>…these for this long, then as 1-hour averages…</summary>
    public TimeSpan MetricsMinuteFor { get; init; } = TimeSpan.FromDays(30);

    /// <summary>…which are dropped after this long (null: kept).</summary>
    public TimeSpan? MetricsMaxAge { get; init; } = TimeSpan.FromDays(400);

    /// <summary>
    /// Decoded tail chunks, block headers and sections kept for later searches and counts (least recently
    /// used go first). A 50,000-line tail chunk decodes to about 5 MB, a block's section to 1–3 MB: 64 MiB holds
    /// the last hours a dashboard refreshes; 0 turns the cache off (every query decodes what it reads).
    /// </summary>
    public long DecodedCacheBytes { get; init; } = 64L << 20;

    /// <summary>
    /// Besides <see cref="DecodedCacheBytes"/>: the sections' times grouped by template that counts keep
    /// (<see cref="SectionTimeIndex"/>, about 4 bytes a line): 16 MiB holds the times of 4 million lines, the last
    /// days a volume histogram or a template's counts come back to. 0 keeps none.
    /// </summary>
    public long DecodedTimesBytes { get; init; } = 16L << 20;

    /// <summary>
    /// Besides <see cref="DecodedCacheBytes"/>: what searches that read the store once in order keep
    /// (<see cref="SearchQuery.ReadOnce"/>: the shipper, following the store by sequence). They need the part
    /// they are in (a tail chunk or a section read over several batches), not the hours behind them; under the
    /// shared budget an agent shipping 10,000 lines/s filled all 64 MiB with sections it never read again.
    /// 16 MiB keeps parts up to 4 MiB decoded (a section is 1–3 MB).
    /// </summary>
    public long DecodedReadOnceBytes { get; init; } = 16L << 20;

    /// <summary>
    /// A search with a limit reads the sections of a block in time slices of about this many lines (all the
    /// block's wanted sections together), so that it stops where its limit fills (see <c>SearchRun</c>).
    /// </summary>
    public int SearchSliceLines { get; init; } = 8192;

    /// <summary>Open for reading only (another process writes): no migration, no appends.</summary>
    public bool ReadOnly { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (SealLines < 1 || SealRawBytes < 1 || BlockCompressionLevel is < 1 or > 22 || MinFreeBytes < 0 || DecodedCacheBytes < 0 || DecodedTimesBytes < 0 || DecodedReadOnceBytes < 0 || MinFreeFraction is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(EmbeddedStoreOptions), "embedded store options out of range");
        }
    }
}
