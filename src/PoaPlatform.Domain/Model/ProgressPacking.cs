namespace PoaPlatform.Domain.Model;

/// <summary>
/// The progress of an action's activities as stored: a few bytes per reported month instead of seven 16-byte decimals.
/// </summary>
/// <remarks>
/// Orleans' serializer writes every decimal of a <see cref="MonthProgress"/> in 16 bytes, zero or not: 133 bytes per
/// month, most of an action's stored state once its months are reported (docs/decisions/0023). Here, after a format
/// byte (2), the activities' count and, for each activity, its id and its months' count; for each month its number, a
/// mask of the values present (bit 0 achieved, 1 exercised, 2 approved, 3 modified, 4 committed, 5 accrued, 6 paid,
/// 7 a note) and those values: a decimal as its sign and scale in one byte and its three 32-bit words, a note as a
/// string. Numbers and words are <see cref="BinaryWriter"/>'s 7-bit encoded integers (a figure of a few digits takes
/// 4 bytes), a note its length-prefixed UTF-8. A value is absent only when it is <c>0m</c> itself (no digits, scale or
/// sign: what a month nobody filled holds); 0.00 and -0 are kept, so every value reads back to the same digits and scale.
/// </remarks>
public static class ProgressPacking
{
    private const byte Format = 2;

    private const int Values = 7;

    private const int NoteBit = 1 << Values;

    public static byte[] Pack(IReadOnlyList<ActivityProgress> progress) => Pack(progress, null);

    /// <summary>Packs <paramref name="progress"/>; an activity whose progress is the same instance as in
    /// <paramref name="previous"/>'s last packing is copied from it instead of packed again (progress is replaced, never
    /// mutated: one report changes one activity). The result is the same bytes either way.</summary>
    internal static byte[] Pack(IReadOnlyList<ActivityProgress> progress, ProgressPacker? previous)
    {
        ArgumentNullException.ThrowIfNull(progress);
        // Written straight into a rented buffer: every command of an action packs its whole progress again.
        var packer = new Packer(16 + progress.Count * 12 * 12);
        try
        {
            packer.Byte(Format);
            packer.Int(progress.Count);
            var header = packer.Length;
            // Each value's four words (GetBits), read once: for the mask, then for the bytes.
            Span<int> bits = stackalloc int[4 * Values];
            var ends = previous is null ? null : new int[progress.Count];
            for (var a = 0; a < progress.Count; a++)
            {
                if (previous is null || !previous.TryCopy(progress[a], a, ref packer))
                    Activity(ref packer, progress[a], bits);
                if (ends is not null)
                    ends[a] = packer.Length;
            }
            var packed = packer.ToArray();
            previous?.Keep(progress, header, ends!, packed);
            return packed;
        }
        finally
        {
            packer.Return();
        }
    }

    private static void Activity(ref Packer packer, ActivityProgress activity, Span<int> bits)
    {
        var months = activity.Months;
        packer.Int(activity.ActivityId);
        packer.Int(months.Count);
        for (var m = 0; m < months.Count; m++)
        {
            var month = months[m];
            var mask = month.Note is null ? 0 : NoteBit;
            for (var i = 0; i < Values; i++)
            {
                var words = bits.Slice(4 * i, 4);
                decimal.GetBits(Value(month, i), words);
                // Absent only when 0m itself: no digits, no scale, no sign.
                if ((words[0] | words[1] | words[2] | words[3]) != 0)
                    mask |= 1 << i;
            }
            packer.Int(month.Month);
            packer.Byte((byte)mask);
            for (var i = 0; i < Values; i++)
            {
                if ((mask & (1 << i)) == 0)
                    continue;
                // As BinaryWriter wrote it: sign and scale in one byte, then the three words as 7-bit integers.
                var flags = bits[4 * i + 3];
                packer.Byte((byte)(((flags >> 16) & 0x7F) | (flags < 0 ? 0x80 : 0)));
                packer.Int(bits[4 * i]);
                packer.Int(bits[4 * i + 1]);
                packer.Int(bits[4 * i + 2]);
            }
            if (month.Note is { } note)
                packer.Text(note);
        }
    }

    /// <summary>What <see cref="BinaryWriter"/> wrote, into a buffer from the shared pool: bytes, 7-bit encoded
    /// integers (a negative one in five bytes), strings as their UTF-8 length and bytes.</summary>
    internal struct Packer(int capacity)
    {
        /// <summary>BinaryWriter's own: no byte order mark, and an unpaired surrogate refused rather than replaced.</summary>
        private static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        private byte[] _buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(capacity);
        private int _length;

        public void Byte(byte value)
        {
            Room(1);
            _buffer[_length++] = value;
        }

        public void Int(int value)
        {
            Room(5);
            var rest = (uint)value;
            while (rest > 0x7F)
            {
                _buffer[_length++] = (byte)(rest | 0x80);
                rest >>= 7;
            }
            _buffer[_length++] = (byte)rest;
        }

        public void Text(string text)
        {
            var size = Utf8.GetByteCount(text);
            Int(size);
            Room(size);
            _length += Utf8.GetBytes(text, _buffer.AsSpan(_length));
        }

        public readonly int Length => _length;

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            Room(bytes.Length);
            bytes.CopyTo(_buffer.AsSpan(_length));
            _length += bytes.Length;
        }

        public readonly byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

        public readonly void Return() => System.Buffers.ArrayPool<byte>.Shared.Return(_buffer);

        private void Room(int bytes)
        {
            if (_length + bytes <= _buffer.Length)
                return;
            var larger = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + bytes));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            System.Buffers.ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }

    /// <exception cref="FormatException">The bytes are not of this format, or end before their last month.</exception>
    public static ActivityProgress[] Unpack(byte[] packed)
    {
        ArgumentNullException.ThrowIfNull(packed);
        using var reader = new BinaryReader(new MemoryStream(packed, writable: false));
        try
        {
            if (packed.Length == 0 || reader.ReadByte() != Format)
                throw new FormatException($"Stored progress of an unknown format ({(packed.Length == 0 ? "empty" : packed[0].ToString(System.Globalization.CultureInfo.InvariantCulture))}).");
            var activities = new ActivityProgress[Count(reader)];
            for (var a = 0; a < activities.Length; a++)
            {
                var id = reader.Read7BitEncodedInt();
                var months = new MonthProgress[Count(reader)];
                for (var m = 0; m < months.Length; m++)
                {
                    var number = reader.Read7BitEncodedInt();
                    var mask = reader.ReadByte();
                    var values = new decimal[Values];
                    for (var i = 0; i < Values; i++)
                    {
                        if ((mask & (1 << i)) != 0)
                            values[i] = ReadDecimal(reader);
                    }
                    var note = (mask & NoteBit) != 0 ? reader.ReadString() : null;
                    months[m] = new MonthProgress(number, values[0], values[1], note, values[2], values[3], values[4], values[5], values[6]);
                }
                activities[a] = new ActivityProgress(id, months);
            }
            if (reader.BaseStream.Position != packed.Length)
                throw new FormatException($"Stored progress has {packed.Length - reader.BaseStream.Position} bytes after its last month.");
            return activities;
        }
        catch (EndOfStreamException e)
        {
            throw new FormatException($"Stored progress ends before its last month ({packed.Length} bytes).", e);
        }
    }

    private static decimal Value(MonthProgress month, int index) => index switch
    {
        0 => month.Achieved,
        1 => month.Exercised,
        2 => month.Approved,
        3 => month.Modified,
        4 => month.Committed,
        5 => month.Accrued,
        _ => month.Paid,
    };

    private static decimal ReadDecimal(BinaryReader reader)
    {
        var head = reader.ReadByte();
        return new decimal(reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt(), (head & 0x80) != 0, (byte)(head & 0x7F));
    }

    // A count no larger than the bytes left: a corrupt count is refused before anything is allocated for it.
    private static int Count(BinaryReader reader)
    {
        var count = reader.Read7BitEncodedInt();
        var left = reader.BaseStream.Length - reader.BaseStream.Position;
        if (count < 0 || count > left)
            throw new FormatException($"Stored progress gives a count of {count} with {left} bytes left.");
        return count;
    }
}

/// <summary>An action's last packing of its progress (<see cref="ProgressPacking"/>), kept so that the next one copies
/// the bytes of the activities whose progress did not change: a report changes one activity, and an action's every
/// command packs all of them. Holds the packed bytes it last returned (which the stored state holds anyway) and, per
/// activity, its progress instance and where its bytes end.</summary>
public sealed class ProgressPacker
{
    private ActivityProgress[] _activities = [];
    private int _header;
    private int[] _ends = [];
    private byte[] _packed = [];

    /// <summary>The progress as stored; the same bytes as <see cref="ProgressPacking.Pack(IReadOnlyList{ActivityProgress})"/>.</summary>
    public byte[] Pack(IReadOnlyList<ActivityProgress> progress) => ProgressPacking.Pack(progress, this);

    /// <summary>Forgets the last packing (its bytes are no longer held).</summary>
    public void Clear() => (_activities, _header, _ends, _packed) = ([], 0, [], []);

    /// <summary>Copies the bytes <paramref name="activity"/> had in the last packing, when it was in it (looked for at
    /// <paramref name="index"/> first: the order rarely changes).</summary>
    internal bool TryCopy(ActivityProgress activity, int index, ref ProgressPacking.Packer packer)
    {
        var at = index < _activities.Length && ReferenceEquals(_activities[index], activity) ? index : Array.FindIndex(_activities, a => ReferenceEquals(a, activity));
        if (at < 0)
            return false;
        var start = at == 0 ? _header : _ends[at - 1];
        packer.Bytes(_packed.AsSpan(start, _ends[at] - start));
        return true;
    }

    /// <summary>Keeps a packing: its activities, where their bytes begin (after the format and the count) and end.</summary>
    internal void Keep(IReadOnlyList<ActivityProgress> progress, int header, int[] ends, byte[] packed) =>
        (_activities, _header, _ends, _packed) = ([.. progress], header, ends, packed);
}
