using System.Collections.Concurrent;
using LogWarden.Store.Embedded;
using Npgsql;

namespace LogWarden.Store.Postgres;

/// <summary>
/// The logtypes of the encoded lines (<see cref="EncodedLine"/>). The writer keeps every stored logtype in a
/// <see cref="ByteStringTable"/> (index + 1 = its id) and adds a new one in the append's transaction, after the
/// lines' COPY: a failed append makes it reload the table from the database, so an id is never given twice.
/// Readers keep a cache by id, refreshed with the ids above the highest they know at the start of each snapshot
/// (a logtype commits with the first lines that use it, so a snapshot has every logtype its lines name).
/// </summary>
internal sealed partial class PostgresStore
{
    /// <summary>
    /// Beyond this many logtypes a line with a new one is stored verbatim (one value under the one-placeholder
    /// logtype), so that logs whose constant words never repeat cannot grow the table and the caches without end.
    /// </summary>
    internal const int MaxLogtypes = 65_536;

    /// <summary>The logtype of a line stored whole as one value.</summary>
    private static ReadOnlySpan<byte> VerbatimLogtype => [Placeholder.Dictionary];

    // Writer side (under _writeLock).
    private readonly LineEncoder _encoder = new();
    private readonly ByteBuffer _values = new(1024);
    private ByteStringTable _logtypeTable = new();
    private int _logtypesStored;
    private bool _logtypesLoaded;

    // Reader side.
    private readonly ConcurrentDictionary<int, LogtypeInfo> _logtypesById = new();
    private readonly Lock _logtypeRefresh = new();
    private int _logtypesKnownUpTo;

    /// <summary>Loads the stored logtypes into the writer's table (at the first append, and after a failed one).</summary>
    private void LoadLogtypeTable(NpgsqlConnection writer)
    {
        var table = new ByteStringTable();
        using var command = new NpgsqlCommand("SELECT id, bytes FROM logtypes ORDER BY id", writer);
        using (NpgsqlDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                int id = reader.GetInt32(0);
                if (id != table.Count + 1 || table.GetOrAdd(reader.GetFieldValue<byte[]>(1)) != id - 1)
                {
                    throw new InvalidDataException($"the logtypes table of {Describe} is damaged at id {id} (ids must run from 1 without gaps or repeats)");
                }
            }
        }
        _logtypeTable = table;
        _logtypesStored = table.Count;
        _logtypesLoaded = true;
    }

    /// <summary>
    /// Encodes <paramref name="line"/> (text PostgreSQL can hold) into the encoder and the values buffer and returns
    /// its logtype's id; a logtype new to the table is added to it (stored with the append by <see cref="CopyNewLogtypes"/>).
    /// </summary>
    private int EncodeLine(string line)
    {
        _encoder.EncodeOrVerbatim(line);
        int index = _logtypeTable.Count < MaxLogtypes ? _logtypeTable.GetOrAdd(_encoder.Logtype) : _logtypeTable.IndexOf(_encoder.Logtype);
        if (index < 0)
        {
            _encoder.EncodeVerbatim(line);
            index = _logtypeTable.GetOrAdd(VerbatimLogtype);
        }
        _values.Clear();
        EncodedLine.WriteValues(_encoder, _values);
        return index + 1;
    }

    /// <summary>Stores the logtypes the append added to the table, in its transaction (a second binary COPY).</summary>
    private void CopyNewLogtypes(NpgsqlConnection writer)
    {
        if (_logtypeTable.Count == _logtypesStored)
        {
            return;
        }
        using (NpgsqlRawCopyStream raw = writer.BeginRawBinaryCopy("COPY logtypes(id, bytes) FROM STDIN (FORMAT BINARY)"))
        using (var copy = new CopyRowWriter(raw))
        {
            for (int index = _logtypesStored; index < _logtypeTable.Count; index++)
            {
                copy.StartRow(2);
                copy.Integer(index + 1);
                copy.Bytea(_logtypeTable[index]);
            }
            copy.Complete();
        }
    }

    /// <summary>Loads the logtypes this snapshot has and the cache not (call it in the snapshot, before reading lines).</summary>
    private void RefreshLogtypes(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        lock (_logtypeRefresh)
        {
            using var command = new NpgsqlCommand("SELECT id, bytes FROM logtypes WHERE id > @known", connection, transaction);
            command.Parameters.AddWithValue("known", _logtypesKnownUpTo);
            using NpgsqlDataReader reader = command.ExecuteReader();
            int highest = _logtypesKnownUpTo;
            while (reader.Read())
            {
                int id = reader.GetInt32(0);
                _logtypesById.TryAdd(id, new LogtypeInfo(reader.GetFieldValue<byte[]>(1)));
                highest = Math.Max(highest, id);
            }
            _logtypesKnownUpTo = highest;
        }
    }

    /// <summary>The text of an encoded row, rebuilt from its logtype and values.</summary>
    private string DecodeLine(int logtypeId, ReadOnlySpan<byte> values, ByteBuffer scratch)
    {
        if (!_logtypesById.TryGetValue(logtypeId, out LogtypeInfo? logtype))
        {
            throw new InvalidDataException($"a line of {Describe} names logtype {logtypeId}, which is not in the logtypes table");
        }
        scratch.Clear();
        EncodedLine.Rebuild(logtype, values, scratch);
        return System.Text.Encoding.UTF8.GetString(scratch.WrittenSpan);
    }
}
