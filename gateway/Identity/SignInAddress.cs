using System.Net;
using System.Net.Sockets;

namespace GridDispatch.Identity;

/// <summary>
/// Where a sign-in comes from, as the key its failures are counted under: an IPv4 address, or the /64
/// of an IPv6 one (one subscriber usually holds a whole /64). Unknown when the protocol gives none.
/// </summary>
public static class SignInAddress
{
    public const string Unknown = "unknown";

    public static string Of(IPAddress? address)
    {
        if (address is null) return Unknown;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
