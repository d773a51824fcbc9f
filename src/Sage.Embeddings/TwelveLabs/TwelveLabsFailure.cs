namespace Sage.Embeddings.TwelveLabs;

/// <summary>What went wrong with TwelveLabs, as <see cref="TwelveLabsException.Kind"/>.</summary>
public enum TwelveLabsFailure
{
    /// <summary>Neither the settings nor the environment hold an API key.</summary>
    KeyMissing,

    /// <summary>TwelveLabs answered 401: the key is wrong, revoked or expired.</summary>
    KeyInvalid,

    /// <summary>A 4xx other than 401 (<see cref="TwelveLabsException.StatusCode"/>, <see cref="TwelveLabsException.Code"/>), or a 5xx/429 that outlasted the retries.</summary>
    Refused,

    /// <summary>A 429 whose reset is further away than the client waits between retries (<see cref="TwelveLabsException.RetryAt"/>).</summary>
    RateLimited,

    /// <summary>TwelveLabs could not be reached (network errors, timeouts of single requests).</summary>
    Unavailable,

    /// <summary>The task did not finish within Sage:TwelveLabs:Timeout.</summary>
    TimedOut,

    /// <summary>TwelveLabs reported the task as failed (<see cref="TwelveLabsException.TaskId"/>).</summary>
    TaskFailed,

    /// <summary>TwelveLabs answered, but the answer cannot be used (not JSON, incomplete coverage, inconsistent vectors).</summary>
    UnusableResult,

    /// <summary>The video breaks one of TwelveLabs' documented requirements (<see cref="TwelveLabsException.Rule"/>); nothing was sent.</summary>
    VideoNotAccepted,
}
