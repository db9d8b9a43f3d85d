"""The information exchange: updates and reply threads (`updates`), linked group chats
(`links`), the weekly digest, search and export of the exchange log."""
