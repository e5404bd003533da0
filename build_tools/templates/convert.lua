-- Many Pandoc conversions in one Pandoc process (run by build_tools.render.pandoc.convert
-- as `pandoc lua convert.lua`): one process start instead of one per conversion.
--
-- stdin holds the conversions one after the other, each as
--   "<header length> <tree length>\n" <header> <tree>
-- where the header is JSON ({"writer": …, "options": {…}}, and "template": a path if any;
-- the options named as Pandoc's Lua API names WriterOptions) and the tree is Pandoc's
-- JSON AST. stdout gets each output in the same order, as "<length>\n" <bytes>.
-- Any error stops the process with a message on stderr and a non-zero exit.

local input = io.read("a")
local at = 1
local outputs = {}

local function template_from(path)
  local file = assert(io.open(path, "r"))
  local text = file:read("a")
  file:close()
  return pandoc.template.compile(text, path)
end

while at <= #input do
  local line_end = assert(input:find("\n", at, true), "conversion without its lengths line")
  local header_length, tree_length = input:sub(at, line_end - 1):match("^(%d+) (%d+)$")
  assert(header_length, "bad lengths line")
  local header_end = line_end + tonumber(header_length)
  local tree_end = header_end + tonumber(tree_length)
  local header = pandoc.json.decode(input:sub(line_end + 1, header_end), false)
  local document = pandoc.read(input:sub(header_end + 1, tree_end), "json")
  local options = header.options
  if header.template then
    options.template = template_from(header.template)
  end
  local output = pandoc.write(document, header.writer, options)
  outputs[#outputs + 1] = tostring(#output) .. "\n" .. output
  at = tree_end + 1
end

io.stdout:write(table.concat(outputs))
