"""Pure renderers: plain results in, text and buttons (bot.rendering.Reply) out."""
