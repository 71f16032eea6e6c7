using System.Text;

namespace GridDispatch.Identity;

/// <summary>
/// Login names in one canonical form: NFKC (full-width ａｄｍｉｎ is admin), then lower case. Only ASCII
/// letters and digits, <c>. _ -</c> and Chinese characters are allowed, so a name cannot hide
/// invisible characters (<c>admin\u200b</c>), look-alikes from other scripts (<c>admİn</c>, Cyrillic а),
/// spaces or path characters, and two names that look the same are the same account.
/// </summary>
public static class AccountNames
{
    public const int MaxLength = 64;

    /// <summary>The canonical name, or null when <paramref name="name"/> is not an acceptable login name.</summary>
    public static string? Normalize(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength * 4) return null;
        string folded;
        try
        {
            folded = name.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return null; // a lone surrogate
        }

        // Checked before lower-casing, so no letter outside ASCII can fold into one inside it.
        if (folded.Length is 0 or > MaxLength || !IsLetterOrDigit(folded[0]) || folded.Contains("..", StringComparison.Ordinal)) return null;
        foreach (var c in folded)
            if (!IsLetterOrDigit(c) && c is not ('.' or '_' or '-')) return null;
        return folded.ToLowerInvariant();
    }

    private static bool IsLetterOrDigit(char c) => char.IsAsciiLetterOrDigit(c) || IsHan(c);

    /// <summary>CJK unified ideographs (the basic block and extension A): Chinese names, which have no case and no look-alikes in ASCII.</summary>
    private static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF';
}
