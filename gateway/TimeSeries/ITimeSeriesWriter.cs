namespace GridDispatch.Gateway.TimeSeries;

/// <summary>Where points are written. Never blocks the caller: a slow store costs buffered (and, past the buffer, counted) points.</summary>
public interface ITimeSeriesWriter
{
    void Write(TimeSeriesPoint point);
}
