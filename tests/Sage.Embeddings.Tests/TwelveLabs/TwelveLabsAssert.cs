using Sage.Embeddings.TwelveLabs;

namespace Sage.Embeddings.Tests.TwelveLabs;

/// <summary>Asserts a TwelveLabs failure of one kind (there is one exception type; its kind says what failed).</summary>
public static class TwelveLabsAssert
{
    public static async Task<TwelveLabsException> ThrowsAsync(TwelveLabsFailure kind, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<TwelveLabsException>(call);
        Assert.Equal(kind, error.Kind);
        return error;
    }

    public static TwelveLabsException Throws(TwelveLabsFailure kind, Action call)
    {
        var error = Assert.Throws<TwelveLabsException>(call);
        Assert.Equal(kind, error.Kind);
        return error;
    }
}
