-- A Pandoc process that converts trees for as long as its caller keeps stdin open (run by
-- build_tools.render.pandoc as `pandoc lua convert.lua`): each process start, and each
-- writer's first use in a process, costs about as much as a conversion.
--
-- Each request on stdin is
--   "<header length> <tree length>\n" <header> <tree>
-- where the header is JSON ({"writer": …, "options": {…}}, with "template": a path,
-- "environment": variables to set and "directory": the working directory, if any; the
-- options named as Pandoc's Lua API names WriterOptions) and the tree is Pandoc's JSON
-- AST. Each answer on stdout is
--   "ok <length>\n" <output>   or   "error <length>\n" <message>
-- A failed conversion answers with its error and the process goes on; end of input ends it.

local templates = {}

local function template_from(path)
  local file = assert(io.open(path, "r"))
  local text = file:read("a")
  file:close()
  -- a template's partials are found beside it
  local key = pandoc.system.get_working_directory() .. "\0" .. path .. "\0" .. text
  if not templates[key] then
    templates[key] = pandoc.template.compile(text, path)
  end
  return templates[key]
end

local function read_exactly(length)
  local data = io.read(length)
  assert(data and #data == length, "request cut short")
  return data
end

local function with_variables(variables, action)
  if not variables then
    return action()
  end
  local environment = pandoc.system.environment()
  for name, value in pairs(variables) do
    environment[name] = value
  end
  return pandoc.system.with_environment(environment, action)
end

local function converted(header_text, tree_text)
  local header = pandoc.json.decode(header_text, false)
  local document = pandoc.read(tree_text, "json")
  local function write()
    local options = header.options
    if header.template then
      options.template = template_from(header.template)
    end
    return with_variables(header.environment, function()
      return pandoc.write(document, header.writer, options)
    end)
  end
  if header.directory then -- relative paths in the request are the caller's
    return pandoc.system.with_working_directory(header.directory, write)
  end
  return write()
end

local function answer(status, payload)
  io.stdout:write(status, " ", tostring(#payload), "\n", payload)
  io.stdout:flush()
end

while true do
  local line = io.read("l")
  if not line then
    break
  end
  local header_length, tree_length = line:match("^(%d+) (%d+)$")
  assert(header_length, "bad lengths line")
  local header_text = read_exactly(tonumber(header_length))
  local tree_text = read_exactly(tonumber(tree_length))
  local ok, result = pcall(converted, header_text, tree_text)
  if ok then
    answer("ok", result)
  else
    answer("error", tostring(result))
  end
end
