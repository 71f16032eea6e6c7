using System.Text;

namespace GridDispatch.Gateway.Notifications;

internal static class Utf8Text
{
    /// <summary>At most <paramref name="maxBytes"/> UTF-8 bytes, cut between characters (a robot refuses longer).</summary>
    public static string Truncate(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes) return text;
        var kept = new StringBuilder();
        var bytes = 3; // the "…"
        foreach (var rune in text.EnumerateRunes())
        {
            if ((bytes += rune.Utf8SequenceLength) > maxBytes) break;
            kept.Append(rune.ToString());
        }

        return kept.Append('…').ToString();
    }
}
