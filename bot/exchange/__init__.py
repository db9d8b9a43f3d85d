"""The information exchange: its words and button payloads (`model`), updates and reply
threads (`updates`), who receives which message (`notify`: the one place), linked group
chats and the reply setting (`links`), the weekly digest (`digest`), what a reader may ask
for (`scopes`), search and export of the exchange log, and its pure texts (`render/`)."""
