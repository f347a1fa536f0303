namespace WeGate.WeChat.Messages;

public sealed record ComposedPush(CallbackQuery Query, string Body);
