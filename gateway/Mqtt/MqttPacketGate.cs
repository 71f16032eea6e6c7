using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// Stands between a connection's socket and the broker's packet reader, reading each MQTT fixed header
/// (type and remaining length) as the bytes arrive. A packet that declares more than the limit of its
/// stage (a CONNECT before authentication, then the role's limit) ends the connection before its body
/// is buffered: the broker would otherwise hold a whole packet, up to 256 MB, in memory first.
/// The first packet must be a CONNECT; after it, headers are read again only once the login is decided.
/// </summary>
public sealed class MqttPacketGate(PipeReader inner, long connectLimit) : PipeReader
{
    private const int ConnectType = 1;
    private ReadOnlySequence<byte> _last;
    private long _consumed; // stream offset of the start of the inner reader's buffer
    private long _scanned;  // stream offset up to which headers were read
    private long _limit = connectLimit;
    private long _skip;     // body bytes of the current packet still to pass
    private int _headerBytes;
    private long _length;
    private int _shift;
    private bool _connectSeen;
    private volatile bool _waitingForLogin;

    /// <summary>Why the connection was cut, or null.</summary>
    public string? Refusal { get; private set; }

    /// <summary>The login succeeded: later packets may be up to <paramref name="limit"/> bytes.</summary>
    public void Authenticated(long limit)
    {
        _limit = limit;
        _waitingForLogin = false;
    }

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var result = await inner.ReadAsync(cancellationToken);
        Inspect(result.Buffer);
        return result;
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result)) return false;
        Inspect(result.Buffer);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _consumed += _last.Slice(_last.Start, consumed).Length;
        _last = default;
        inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    private void Inspect(ReadOnlySequence<byte> buffer)
    {
        _last = buffer;
        var offset = _scanned - _consumed;
        if (offset < 0)
        {
            // The broker consumed a body we had not passed yet (the CONNECT's, while its login was decided).
            _skip = Math.Max(0, _skip + offset);
            (_scanned, offset) = (_consumed, 0);
        }

        if (offset >= buffer.Length) return;
        var reader = new SequenceReader<byte>(buffer.Slice(offset));
        while (!reader.End && !_waitingForLogin)
        {
            if (_skip > 0)
            {
                var passed = Math.Min(_skip, reader.Remaining);
                reader.Advance(passed);
                _skip -= passed;
                continue;
            }

            reader.TryRead(out var b);
            if (_headerBytes++ == 0)
            {
                if (!_connectSeen && b >> 4 != ConnectType) Refuse("the first packet is not a CONNECT");
                (_length, _shift) = (0, 0);
                continue;
            }

            _length |= (long)(b & 0x7F) << _shift;
            _shift += 7;
            if ((b & 0x80) != 0)
            {
                if (_headerBytes == 5) Refuse("malformed remaining length");
                continue;
            }

            if (_length > _limit) Refuse($"a packet of {_length} bytes, over the limit of {_limit}");
            (_skip, _headerBytes) = (_length, 0);
            if (!_connectSeen) (_connectSeen, _waitingForLogin) = (true, true);
        }

        _scanned = _consumed + offset + reader.Consumed;
    }

    private void Refuse(string reason)
    {
        Refusal = reason;
        throw new ConnectionAbortedException(reason);
    }
}
