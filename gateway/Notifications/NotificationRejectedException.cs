namespace GridDispatch.Gateway.Notifications;

/// <summary>The receiver answered, and not with acceptance: an HTTP status or the robot's <c>errcode</c>. The text names no URL or secret.</summary>
public sealed class NotificationRejectedException(string message) : Exception(message);
