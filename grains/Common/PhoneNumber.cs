namespace GridDispatch.Grains.Common;

/// <summary>A phone number as people write it: digits with <c>+</c>, <c>-</c> and spaces, 3 to 20 digits (110, 0871-1234567, +86 138 0000 0001).</summary>
public static class PhoneNumber
{
    public static bool IsValid(string phone)
    {
        var digits = phone.Count(char.IsAsciiDigit);
        return phone.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ') && digits is >= 3 and <= 20;
    }
}
