using System.Data;
using System.Globalization;
using Dapper;

namespace Sage.Server.Data;

/// <summary>SQLite has no GUID or timestamp type: both are stored as text (GUID "D" format, ISO 8601 UTC).</summary>
public static class DapperTypeHandlers
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }

        SqlMapper.AddTypeHandler(new GuidTextHandler());
        SqlMapper.AddTypeHandler(new DateTimeOffsetTextHandler());
    }

    private sealed class GuidTextHandler : SqlMapper.TypeHandler<Guid>
    {
        public override Guid Parse(object value) => Guid.Parse((string)value, CultureInfo.InvariantCulture);

        public override void SetValue(IDbDataParameter parameter, Guid value) => parameter.Value = value.ToString("D");
    }

    private sealed class DateTimeOffsetTextHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override DateTimeOffset Parse(object value) =>
            DateTimeOffset.Parse((string)value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value) =>
            parameter.Value = value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
    }
}
