using System.Buffers;
using System.Text;

namespace PoaPlatform.Domain.Model;

/// <summary>
/// The progress of an action's activities as stored: a few bytes per reported month instead of seven 16-byte decimals.
/// </summary>
/// <remarks>
/// Orleans' serializer writes every decimal of a <see cref="MonthProgress"/> in 16 bytes, zero or not: 133 bytes per
/// month, most of an action's stored state once its months are reported (docs/decisions/0023). Here, after a format
/// byte (1), the activities' count and, for each activity, its id and its months' count; for each month its number, a
/// mask of the values present (bit 0 achieved, 1 exercised, 2 approved, 3 modified, 4 committed, 5 accrued, 6 paid,
/// 7 a note) and those values: a decimal as its sign and scale in one byte and its three 32-bit words as variable-length
/// integers (a figure of a few digits takes 4 bytes), a note as its UTF-8 length and bytes. A value is absent only when
/// it is 0 with scale 0 and no sign (<c>0m</c>, what a month nobody filled holds): 0.00 and -0 are kept as they are,
/// so every value reads back to the same digits and scale.
/// </remarks>
public static class ProgressPacking
{
    private const byte Format = 1;

    public static byte[] Pack(IReadOnlyList<ActivityProgress> progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var buffer = new ArrayBufferWriter<byte>(16 + progress.Count * 12 * 12);
        buffer.Write([Format]);
        WriteVarint(buffer, (uint)progress.Count);
        foreach (var activity in progress)
        {
            WriteVarint(buffer, ZigZag(activity.ActivityId));
            WriteVarint(buffer, (uint)activity.Months.Count);
            foreach (var month in activity.Months)
            {
                var mask = 0;
                for (var i = 0; i < 7; i++)
                {
                    if (!IsAbsent(Value(month, i)))
                        mask |= 1 << i;
                }
                if (month.Note is not null)
                    mask |= 1 << 7;
                WriteVarint(buffer, ZigZag(month.Month));
                buffer.Write([(byte)mask]);
                for (var i = 0; i < 7; i++)
                {
                    if ((mask & (1 << i)) != 0)
                        WriteDecimal(buffer, Value(month, i));
                }
                if (month.Note is { } note)
                {
                    var length = Encoding.UTF8.GetByteCount(note);
                    WriteVarint(buffer, (uint)length);
                    Encoding.UTF8.GetBytes(note, buffer.GetSpan(length));
                    buffer.Advance(length);
                }
            }
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <exception cref="FormatException">The bytes are not of this format, or end before their last month.</exception>
    public static ActivityProgress[] Unpack(ReadOnlySpan<byte> packed)
    {
        try
        {
            return Read(packed);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new FormatException($"Stored progress ends before its last month ({packed.Length} bytes).", e);
        }
    }

    private static ActivityProgress[] Read(ReadOnlySpan<byte> packed)
    {
        var at = 0;
        if (packed.Length == 0 || packed[at++] != Format)
            throw new FormatException($"Stored progress of an unknown format ({(packed.Length == 0 ? "empty" : packed[0].ToString(System.Globalization.CultureInfo.InvariantCulture))}).");
        var activities = new ActivityProgress[ReadCount(packed, ref at)];
        for (var a = 0; a < activities.Length; a++)
        {
            var id = UnZigZag(ReadVarint(packed, ref at));
            var months = new MonthProgress[ReadCount(packed, ref at)];
            for (var m = 0; m < months.Length; m++)
            {
                var number = UnZigZag(ReadVarint(packed, ref at));
                var mask = packed[at++];
                var values = new decimal[7];
                for (var i = 0; i < 7; i++)
                {
                    if ((mask & (1 << i)) != 0)
                        values[i] = ReadDecimal(packed, ref at);
                }
                string? note = null;
                if ((mask & (1 << 7)) != 0)
                {
                    var length = ReadCount(packed, ref at);
                    note = Encoding.UTF8.GetString(packed.Slice(at, length));
                    at += length;
                }
                months[m] = new MonthProgress(number, values[0], values[1], note, values[2], values[3], values[4], values[5], values[6]);
            }
            activities[a] = new ActivityProgress(id, months);
        }
        if (at != packed.Length)
            throw new FormatException($"Stored progress has {packed.Length - at} bytes after its last month.");
        return activities;
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

    // 0m itself: no digits, no scale, no sign.
    private static bool IsAbsent(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        return bits[0] == 0 && bits[1] == 0 && bits[2] == 0 && bits[3] == 0;
    }

    private static void WriteDecimal(ArrayBufferWriter<byte> buffer, decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0;
        buffer.Write([(byte)(scale | (negative ? 0x80 : 0))]);
        WriteVarint(buffer, (uint)bits[0]);
        WriteVarint(buffer, (uint)bits[1]);
        WriteVarint(buffer, (uint)bits[2]);
    }

    private static decimal ReadDecimal(ReadOnlySpan<byte> packed, ref int at)
    {
        var head = packed[at++];
        var (lo, mid, hi) = ((int)ReadVarint(packed, ref at), (int)ReadVarint(packed, ref at), (int)ReadVarint(packed, ref at));
        return new decimal(lo, mid, hi, (head & 0x80) != 0, (byte)(head & 0x7F));
    }

    private static void WriteVarint(ArrayBufferWriter<byte> buffer, uint value)
    {
        var span = buffer.GetSpan(5);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[n++] = (byte)value;
        buffer.Advance(n);
    }

    private static uint ReadVarint(ReadOnlySpan<byte> packed, ref int at)
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = packed[at++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }
        throw new FormatException("Stored progress has a number longer than 5 bytes.");
    }

    private static int ReadCount(ReadOnlySpan<byte> packed, ref int at)
    {
        var count = ReadVarint(packed, ref at);
        if (count > packed.Length - at)
            throw new FormatException($"Stored progress gives a count of {count} with {packed.Length - at} bytes left.");
        return (int)count;
    }

    private static uint ZigZag(int value) => (uint)((value << 1) ^ (value >> 31));

    private static int UnZigZag(uint value) => (int)(value >> 1) ^ -(int)(value & 1);
}
