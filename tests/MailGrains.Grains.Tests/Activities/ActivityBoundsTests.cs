using MailGrains.Accounts;
using MailGrains.Activities;
using MailGrains.Grains.Activities;
using MailGrains.Mail.Messages;

namespace MailGrains.Grains.Tests.Activities;

/// <summary>No field of a mail can make its activity too large for one table property; what is cut is flagged.</summary>
public sealed class ActivityBoundsTests
{
    [Fact]
    public void AnActivityWithinTheBoundsIsLeftAsItIs()
    {
        var activity = TestActivities.Make("t", "anna", 1, DateTimeOffset.UnixEpoch).Activity;

        Assert.Same(activity, ActivityBounds.Fit(activity));
    }

    [Theory]
    [InlineData(10_000, 0, 0, 0, 0)]
    [InlineData(0, 5_000, 0, 0, 0)]
    [InlineData(0, 0, 3_000, 0, 0)]
    [InlineData(0, 0, 0, 200_000, 0)]
    [InlineData(0, 0, 0, 0, 5_000)]
    [InlineData(10_000, 5_000, 3_000, 200_000, 5_000)]
    public void EveryFieldAtAnySizeFitsOnePropertyAndIsFlaggedTruncated(int recipients, int references, int attachments, int subjectChars, int permissions)
    {
        var name = new string('n', 5_000);
        var activity = TestActivities.Make("t", "anna", 1, DateTimeOffset.UnixEpoch).Activity with
        {
            To = [.. Enumerable.Range(0, recipients).Select(i => new ActivityAddress(name, $"r{i}@example.test"))],
            Cc = [.. Enumerable.Range(0, recipients).Select(i => new ActivityAddress(name, $"c{i}@example.test"))],
            References = [.. Enumerable.Range(0, references).Select(i => $"<ref{i}.{name}@example.test>")],
            Attachments = [.. Enumerable.Range(0, attachments).Select(i => new ActivityAttachment(name + i, "application/octet-stream", 1))],
            Subject = new string('s', Math.Max(1, subjectChars)),
            Permissions = [.. Enumerable.Range(0, permissions).Select(i => new AccessGrant($"user-{i:D58}", Access.Write))],
        };

        var fitted = ActivityBounds.Fit(activity);

        Assert.InRange(ActivityRows.SerializedSize(fitted), 1, ActivityBounds.MaxSerializedBytes);
        Assert.Contains(MessageFlags.Truncated, fitted.Flags);
        Assert.Equal(activity.Id, fitted.Id);
        Assert.Equal(activity.Size, fitted.Size);
        Assert.Equal(activity.Location, fitted.Location);
    }

    [Fact]
    public void ReferencesKeepTheThreadsRootAndTheMostRecentOnes()
    {
        var activity = TestActivities.Make("t", "anna", 1, DateTimeOffset.UnixEpoch).Activity with
        {
            References = [.. Enumerable.Range(0, 500).Select(i => $"<ref{i}@example.test>")],
        };

        var fitted = ActivityBounds.Fit(activity);

        Assert.Equal(ActivityBounds.Normal.References, fitted.References.Length);
        Assert.Equal("<ref0@example.test>", fitted.References[0]);
        Assert.Equal("<ref499@example.test>", fitted.References[^1]);
    }

    [Fact]
    public void TheReducedFormKeepsWhoWhatWhenAndWhereAndIsFlagged()
    {
        var activity = TestActivities.Make("t", "anna", 1, DateTimeOffset.UnixEpoch).Activity;

        var reduced = ActivityBounds.Reduced(activity);

        Assert.Equal(activity.Id, reduced.Id);
        Assert.Equal(activity.From, reduced.From);
        Assert.Equal(activity.Subject, reduced.Subject);
        Assert.Equal(activity.Date, reduced.Date);
        Assert.Equal(activity.Location, reduced.Location);
        Assert.Empty(reduced.To);
        Assert.Equal([MessageFlags.StoredReduced], reduced.Flags.AsEnumerable());
    }
}
