using System.Text;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>
/// Bounded, seeded fuzzing: variations of a valid document, from one flipped byte to a value of the wrong
/// type, an absurd number, a control character, deep nesting or a cut in the middle. The same seed gives
/// the same inputs, so a failure can be replayed.
/// </summary>
public sealed class JsonMutator(int seed)
{
    private static readonly string[] Tokens =
    [
        "null", "true", "-1", "0", "1e309", "-1e309", "NaN", "9223372036854775808", "1.7976931348623157e308", "\"\"", "\"\\u0000\"",
        "\"\\ud800\"", "[]", "{}", "\"" + new string('长', 5_000) + "\"", new string('[', 2_000), "\"2026-13-45T99:99:99Z\"", "{\"$type\":\"System.IO.File\"}",
    ];

    private readonly Random _random = new(seed);

    public IEnumerable<byte[]> Variations(string valid, int count)
    {
        for (var i = 0; i < count; i++) yield return Mutate(valid);
    }

    public byte[] Mutate(string valid)
    {
        var text = valid;
        for (var n = 1 + _random.Next(3); n > 0; n--) text = MutateOnce(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        if (_random.Next(8) == 0 && bytes.Length > 0) bytes[_random.Next(bytes.Length)] ^= (byte)(1 << _random.Next(8)); // not even UTF-8 any more
        return bytes;
    }

    private string MutateOnce(string text)
    {
        if (text.Length == 0) return Tokens[_random.Next(Tokens.Length)];
        var at = _random.Next(text.Length);
        return _random.Next(6) switch
        {
            0 => text[..at], // cut
            1 => text[..at] + Tokens[_random.Next(Tokens.Length)] + text[at..], // insert
            2 => ReplaceValue(text),
            3 => text.Remove(at, Math.Min(text.Length - at, 1 + _random.Next(12))), // delete a span
            4 => text[..at] + text[at..Math.Min(text.Length, at + 1 + _random.Next(40))] + text[at..], // duplicate a span
            _ => text[..at] + (char)_random.Next(0, 0x3000) + text[(at + 1)..], // any character
        };
    }

    /// <summary>Swaps the value after a random <c>:</c> for a token: numbers become strings, objects nulls, and so on.</summary>
    private string ReplaceValue(string text)
    {
        var colons = Enumerable.Range(0, text.Length).Where(i => text[i] == ':').ToList();
        if (colons.Count == 0) return text;
        var start = colons[_random.Next(colons.Count)] + 1;
        var end = start;
        while (end < text.Length && text[end] is not (',' or '}' or ']')) end++;
        return text[..start] + Tokens[_random.Next(Tokens.Length)] + text[end..];
    }
}
