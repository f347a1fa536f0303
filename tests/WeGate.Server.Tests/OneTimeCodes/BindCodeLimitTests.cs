using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using WeGate.Core.OneTimeCodes;
using WeGate.Server.Pages;
using WeGate.Testing;

namespace WeGate.Server.Tests.OneTimeCodes;

// The binding page's codes over HTTP (docs/security.md#one-time-codes): the page never tells whether an
// account uses a phone number, by its words, its limits or its waiting for the sender.
public abstract class BindCodeLimitContract<TDatabase>(CodeServer<TDatabase> f) where TDatabase : TestDatabase, new()
{
    private TestServer Server
    {
        get
        {
            _ = f.Db.Database;
            return f.Server;
        }
    }

    private static string NewPhone() => "+86136" + Random.Shared.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);

    // The page's answer without what differs between two requests anyway: the number typed (its digits,
    // as the page encodes the +) and the form tokens.
    private static string Answer(string page, string phone) =>
        Regex.Replace(page.Replace(phone[1..], "PHONE", StringComparison.Ordinal), "value=\"CfDJ8[^\"]*\"", "value=\"TOKEN\"");

    [Fact]
    public async Task A_phone_nobody_uses_reaches_the_hourly_limit_exactly_like_a_phone_an_account_uses()
    {
        using var page = await AskToBindPage.OpenAsync(Server);
        var (known, unknown) = (NewPhone(), NewPhone());
        await page.AddUserAsync(known);

        for (var i = 0; i < CodeServer<TDatabase>.PerRecipientPerHour; i++)
            Assert.Equal(Answer(await page.SendAsync(known), known), Answer(await page.SendAsync(unknown), unknown));
        var knownLimited = await page.SendAsync(known);
        var unknownLimited = await page.SendAsync(unknown);

        Assert.Contains("Please wait", knownLimited, StringComparison.Ordinal);
        Assert.Contains("Please wait", unknownLimited, StringComparison.Ordinal);
        // The same words, give or take the second that passed between the two requests.
        Assert.Equal(Regex.Replace(Answer(knownLimited, known), @"wait \d+ seconds", "wait N seconds"),
            Regex.Replace(Answer(unknownLimited, unknown), @"wait \d+ seconds", "wait N seconds"));
        Assert.Equal(CodeServer<TDatabase>.PerRecipientPerHour, (await WaitForAsync(() => f.Sender.SentTo(known).Count, CodeServer<TDatabase>.PerRecipientPerHour)));
        Assert.Empty(f.Sender.SentTo(unknown));
    }

    [Fact]
    public async Task The_page_answers_without_waiting_for_a_sender_that_does_not_answer_and_the_code_arrives_when_it_does()
    {
        using var page = await AskToBindPage.OpenAsync(Server);
        var (known, unknown) = (NewPhone(), NewPhone());
        await page.AddUserAsync(known);
        f.Sender.Close();
        try
        {
            var clock = Stopwatch.StartNew();
            var sent = await page.SendAsync(known);
            var knownTook = clock.Elapsed;
            Assert.Contains("a code was sent", sent, StringComparison.Ordinal);
            Assert.Contains("a code was sent", await page.SendAsync(unknown), StringComparison.Ordinal);
            // The sender holds the code for as long as it is closed; the page answered long before.
            Assert.InRange(knownTook, TimeSpan.Zero, TimeSpan.FromSeconds(5));
            Assert.Equal(1, await WaitForAsync(() => f.Sender.Waiting, 1));
            Assert.Empty(f.Sender.SentTo(known));
        }
        finally
        {
            f.Sender.Open();
        }

        var code = await f.Sender.CodeToAsync(known);
        var bound = await page.EnterAsync(known, code);
        Assert.Equal(HttpStatusCode.SeeOther, bound.StatusCode);
        Assert.StartsWith("https://app.example.com/callback?", bound.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Empty(f.Sender.SentTo(unknown));
        var audit = await page.AuditAsync();
        Assert.Single(audit, e => e.GetProperty("type").GetString() == CodeEventType.Sent);
    }

    [Fact]
    public async Task When_the_queue_is_full_the_page_answers_the_same_and_the_dropped_code_is_logged_and_audited()
    {
        using var page = await AskToBindPage.OpenAsync(Server);
        var known = Enumerable.Range(0, 4).Select(_ => NewPhone()).ToList();
        foreach (var phone in known)
            await page.AddUserAsync(phone);
        f.Sender.Close();
        try
        {
            // Four codes hold the four senders; the queue takes two more; the next one finds it full.
            foreach (var phone in known)
                Assert.Contains("a code was sent", await page.SendAsync(phone), StringComparison.Ordinal);
            Assert.Equal(4, await WaitForAsync(() => f.Sender.Waiting, 4));
            for (var i = 0; i < CodeServer<TDatabase>.QueueCapacity; i++)
                Assert.Contains("a code was sent", await page.SendAsync(NewPhone()), StringComparison.Ordinal);
            var mark = Server.Log.Mark();
            var dropped = NewPhone();
            var answer = await page.SendAsync(dropped);

            Assert.Contains("a code was sent", answer, StringComparison.Ordinal);
            Assert.DoesNotContain("class=\"error\"", answer, StringComparison.Ordinal);
            Assert.Contains(Server.Log.Entries.Skip(mark), e => e.Message.Contains("queue is full", StringComparison.Ordinal));
            Assert.DoesNotContain(Server.Log.Entries.Skip(mark), e => e.Message.Contains(dropped[3..], StringComparison.Ordinal));
            var notSent = Assert.Single(await page.AuditAsync(), e => e.GetProperty("type").GetString() == CodeEventType.NotSent);
            Assert.Contains("queue", notSent.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            f.Sender.Open();
        }
        foreach (var phone in known)
            Assert.Matches(@"^\d{6}$", await f.Sender.CodeToAsync(phone));
    }

    [Fact]
    public async Task Wrong_codes_lock_a_phone_for_the_day_with_the_same_answer_whether_or_not_an_account_uses_it()
    {
        using var page = await AskToBindPage.OpenAsync(Server);
        var (known, unknown) = (NewPhone(), NewPhone());
        await page.AddUserAsync(known);
        await page.SendAsync(known);
        await page.SendAsync(unknown);
        var code = await f.Sender.CodeToAsync(known);
        var wrong = code == "000000" ? "111111" : "000000";

        for (var i = 0; i < CodeServer<TDatabase>.FailuresPerRecipientPerDay; i++)
        {
            var knownWrong = await (await page.EnterAsync(known, wrong)).Content.ReadAsStringAsync();
            Assert.Contains("The code is wrong", knownWrong, StringComparison.Ordinal);
            Assert.Equal(Answer(knownWrong, known), Answer(await (await page.EnterAsync(unknown, wrong)).Content.ReadAsStringAsync(), unknown));
        }
        // Now even the right code is refused, and asking for a new one says the same.
        var knownLocked = await (await page.EnterAsync(known, code)).Content.ReadAsStringAsync();
        Assert.Contains("Too many wrong codes", knownLocked, StringComparison.Ordinal);
        Assert.Contains("Try again in 24 hour(s)", knownLocked, StringComparison.Ordinal);
        Assert.Equal(Answer(knownLocked, known), Answer(await (await page.EnterAsync(unknown, wrong)).Content.ReadAsStringAsync(), unknown));
        var knownResend = await page.SendAsync(known);
        Assert.Contains("Too many wrong codes", knownResend, StringComparison.Ordinal);
        Assert.Equal(Answer(knownResend, known), Answer(await page.SendAsync(unknown), unknown));
        Assert.Single(f.Sender.SentTo(known));
    }

    private async Task<int> WaitForAsync(Func<int> count, int expected)
    {
        await f.Sender.UntilAsync(() => count() >= expected);
        return count();
    }
}

public sealed class SqliteBindCodeLimitTests(SqliteCodeServer f) : BindCodeLimitContract<SqliteTestDatabase>(f), IClassFixture<SqliteCodeServer>;

public sealed class PostgresBindCodeLimitTests(PostgresCodeServer f) : BindCodeLimitContract<PostgresTestDatabase>(f), IClassFixture<PostgresCodeServer>;
