namespace WeGate.Server.Console;

// The words of the Administrators page and of pool deletion, in English and Chinese (the same keys; a
// test holds it).
internal sealed partial class ConsoleTexts
{
    private static Dictionary<string, string> AdministratorsEn() => new()
    {
        ["nav_administrators"] = "Administrators",
        ["admins_intro"] = "The people who may sign in to this console, and their role: an owner changes anything, read-only sees everything and changes nothing.",
        ["admins_role"] = "Role",
        ["admins_last_sign_in"] = "Last sign-in",
        ["admins_you"] = "you",
        ["admins_add"] = "Add an administrator",
        ["admins_add_hint"] = "WeGate makes a password and shows it once, on the next page: give it to the new administrator, who signs in with their email address and that password.",
        ["admins_add_button"] = "Add the administrator",
        ["admins_created"] = "Administrator {0} ({1}) added.",
        ["admins_password_once"] = "Their password, shown only now (WeGate keeps only a hash of it):",
        ["admins_role_button"] = "Change the role",
        ["admins_remove"] = "Remove",
        ["admins_confirm_self"] = "This is me: I will lose this access",
        ["admins_confirm_self_missing"] = "To change or remove yourself, tick \"This is me\" beside the button. Nothing was changed.",
        ["admins_removed"] = "Administrator {0} removed: their sessions have ended.",
        ["admins_role_changed"] = "The role of {0} is changed; it counts from their next request.",
        ["pool_delete"] = "Delete this pool",
        ["pool_delete_hint"] = "Deletes the pool and everything in it, at once and for good: its users and their identities and sessions, connections, applications and their grants, signing keys and audit log. Applications signing people in through it stop working.",
        ["pool_delete_confirm"] = "Type the pool's name, {0}, to confirm",
        ["pool_delete_button"] = "Delete the pool and everything in it",
        ["pool_delete_mismatch"] = "The name typed is not the pool's: type {0} exactly to delete it. Nothing was deleted.",
        ["pool_deleted"] = "Pool {0} and everything in it deleted.",
    };

    private static Dictionary<string, string> AdministratorsZh() => new()
    {
        ["nav_administrators"] = "管理员",
        ["admins_intro"] = "可以登录本控制台的人及其角色：所有者可以修改一切，只读管理员可以查看一切但不能修改。",
        ["admins_role"] = "角色",
        ["admins_last_sign_in"] = "最近登录",
        ["admins_you"] = "你",
        ["admins_add"] = "添加管理员",
        ["admins_add_hint"] = "WeGate 会生成一个密码，并只在下一页显示一次：把它交给新管理员，对方用邮箱和这个密码登录。",
        ["admins_add_button"] = "添加管理员",
        ["admins_created"] = "已添加管理员 {0}（{1}）。",
        ["admins_password_once"] = "对方的密码，只显示这一次（WeGate 只保存其哈希）：",
        ["admins_role_button"] = "修改角色",
        ["admins_remove"] = "移除",
        ["admins_confirm_self"] = "这是我自己：我将失去这项权限",
        ["admins_confirm_self_missing"] = "要修改或移除你自己，请勾选按钮旁的“这是我自己”。没有做任何修改。",
        ["admins_removed"] = "已移除管理员 {0}，其会话已全部结束。",
        ["admins_role_changed"] = "已修改 {0} 的角色，从其下一次请求起生效。",
        ["pool_delete"] = "删除这个用户池",
        ["pool_delete_hint"] = "立即并永久删除用户池及其中的一切：用户及其身份和会话、连接、应用及其授权、签名密钥和审计日志。通过它登录的应用将无法再使用。",
        ["pool_delete_confirm"] = "输入用户池名称 {0} 以确认",
        ["pool_delete_button"] = "删除用户池及其中的一切",
        ["pool_delete_mismatch"] = "输入的名称与用户池不符：请准确输入 {0} 才能删除。没有删除任何内容。",
        ["pool_deleted"] = "已删除用户池 {0} 及其中的一切。",
    };
}
