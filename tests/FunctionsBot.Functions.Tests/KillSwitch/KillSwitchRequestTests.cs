using System.Text;
using FunctionsBot.Functions.KillSwitch;

namespace FunctionsBot.Functions.Tests.KillSwitch;

public sealed class KillSwitchRequestTests
{
    [Theory]
    [InlineData("""{"active": true, "reason": "incident"}""", true, "incident", null)]
    [InlineData("""{"active": false, "reason": "  all clear  ", "actor": "bob"}""", false, "all clear", "bob")]
    [InlineData("""  {"reason": "r", "active": true}  """, true, "r", null)]
    public void Parse_ValidBody_ReadsEveryField(string body, bool active, string reason, string? actor)
    {
        var (request, errors) = KillSwitchRequest.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Empty(errors);
        Assert.Equal(new KillSwitchRequest(active, reason, actor), request);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("\"on\"", "must be a JSON object")]
    [InlineData("""{"reason": "r"}""", "'active' is required")]
    [InlineData("""{"active": "true", "reason": "r"}""", "'active' must be true or false")]
    [InlineData("""{"active": 1, "reason": "r"}""", "'active' must be true or false")]
    [InlineData("""{"active": true}""", "'reason' is required")]
    [InlineData("""{"active": true, "reason": ""}""", "'reason' must not be empty")]
    [InlineData("""{"active": true, "reason": "   "}""", "'reason' must not be empty")]
    [InlineData("""{"active": true, "reason": 5}""", "'reason' must be a string")]
    [InlineData("""{"active": true, "reason": "r", "actor": false}""", "'actor' must be a string")]
    [InlineData("""{"active": true, "reason": "r", "force": true}""", "Unknown field 'force'")]
    [InlineData("""{"active": true, "reason": "r", "active": false}""", "appears more than once")]
    [InlineData("""{"active": true, "reason": "r"} {}""", "more than one JSON value")]
    [InlineData("""{"active": true, "reason": "a\u0000b"}""", "control characters")]
    [InlineData("""{"active": true, "reason": "\ud800"}""", "not well-formed Unicode")]
    public void Parse_BadBody_ExplainsWhatIsWrong(string body, string expected)
    {
        var (request, errors) = KillSwitchRequest.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Null(request);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ReasonTooLong_Refused()
    {
        var body = $$"""{"active": true, "reason": "{{new string('r', 501)}}"}""";

        var (request, errors) = KillSwitchRequest.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Null(request);
        Assert.Contains(errors, e => e.Contains("at most 500", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_BodyOverLimit_RefusedBeforeParsing()
    {
        var body = new byte[KillSwitchRequest.MaxBodyBytes + 1];

        var (request, errors) = KillSwitchRequest.Parse(body);

        Assert.Null(request);
        Assert.Contains(errors, e => e.Contains("larger than 4096 bytes", StringComparison.Ordinal));
    }
}
