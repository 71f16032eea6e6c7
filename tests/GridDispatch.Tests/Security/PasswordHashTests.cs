using System.Diagnostics;
using System.Security.Cryptography;
using GridDispatch.Grains.Accounts;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Security;

/// <summary>Finding 6: PBKDF2-HMAC-SHA256 at 600,000 iterations; older hashes still verify and are marked for re-hashing.</summary>
public sealed class PasswordHashTests(ITestOutputHelper output)
{
    [Fact]
    public void New_hashes_use_600000_iterations_and_older_ones_verify_but_ask_to_be_rehashed()
    {
        var clock = Stopwatch.StartNew();
        var hash = PasswordHash.Create("correct horse");
        output.WriteLine($"one hash: {clock.ElapsedMilliseconds} ms");
        Assert.StartsWith("pbkdf2-sha256$600000$", hash);
        Assert.True(PasswordHash.Verify("correct horse", hash));
        Assert.False(PasswordHash.Verify("wrong horse", hash));
        Assert.False(PasswordHash.NeedsRehash(hash));

        var salt = RandomNumberGenerator.GetBytes(16);
        var old = $"pbkdf2-sha256$100000${Convert.ToBase64String(salt)}$" +
                  Convert.ToBase64String(Rfc2898DeriveBytes.Pbkdf2("correct horse", salt, 100_000, HashAlgorithmName.SHA256, 32));
        Assert.True(PasswordHash.Verify("correct horse", old));
        Assert.True(PasswordHash.NeedsRehash(old));
        Assert.False(PasswordHash.Verify("correct horse", "pbkdf2-sha256$100000$not base64$!!"));
    }
}
