using System.Security.Cryptography;

namespace GridDispatch.Grains.Accounts;

/// <summary>
/// Passwords as PBKDF2-HMAC-SHA256 with a per-password salt: <c>pbkdf2-sha256${iterations}${salt}${hash}</c>
/// in base64, at OWASP's recommended work factor (600,000 iterations). Slow on purpose, so a stolen
/// database is slow to guess; a hash of fewer iterations is replaced at its next successful sign-in.
/// </summary>
public static class PasswordHash
{
    public const int Iterations = 600_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const string Scheme = "pbkdf2-sha256";

    /// <summary>Checked against when there is no account, so an unknown name costs as long as a wrong password.</summary>
    private static readonly string Dummy = Create("no such account");

    public static string Create(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string? stored)
    {
        if (!TryParse(stored, out var iterations, out var salt, out var expected)) return false;
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>The same work as <see cref="Verify"/> for a name with no account; always false.</summary>
    public static bool VerifyDummy(string password)
    {
        Verify(password, Dummy);
        return false;
    }

    /// <summary>A hash made with fewer iterations than today's: re-made from the password at the next sign-in.</summary>
    public static bool NeedsRehash(string? stored) => TryParse(stored, out var iterations, out _, out _) && iterations < Iterations;

    private static bool TryParse(string? stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        (iterations, salt, hash) = (0, [], []);
        var parts = stored?.Split('$');
        if (parts is not [Scheme, var iterationsText, var saltText, var hashText] || !int.TryParse(iterationsText, out iterations) || iterations < 1) return false;
        try
        {
            (salt, hash) = (Convert.FromBase64String(saltText), Convert.FromBase64String(hashText));
        }
        catch (FormatException)
        {
            return false;
        }

        return hash.Length > 0;
    }
}
