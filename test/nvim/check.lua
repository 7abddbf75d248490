-- Neovim (0.7.2+) as a second, independent LSP client for the tcpfsm language server.
--
-- Run:  TCPFSM_SERVER=/abs/dist/server.js TCPFSM_HOVER="14:4" \
--         nvim --headless -u NONE -i NONE -n -c "luafile test/nvim/check.lua" FILE.tcpfsm
--
-- Environment:
--   TCPFSM_SERVER      (required) path of the server bundle, started as `node <it> --stdio`.
--   TCPFSM_HOVER       (optional) hover positions, 0-based "line:col", several separated by ";".
--   TCPFSM_TIMEOUT_MS  (optional) how long to wait for initialize/diagnostics/hover (default 10000).
--   TCPFSM_NODE        (optional) node executable (default "node").
--
-- Output on stdout (and exit status 0) when everything could be collected:
--   server-pid <pid>
--   fileformat <unix|dos|mac>    how Neovim read the file (dos: it sends CRLF text to the server)
--   diagnostics <n>
--   <code>@<line>:<col>          one per diagnostic, 1-based, sorted by position
--   --- hover <line>:<col> range <l>:<c>-<l>:<c> ---
--                                for each requested position (0-based, as given; the range is the
--                                hover's own, 0-based LSP, or `-` when it has none), then
--   <markdown value>             the markdown value, or the single line `<null>` when there is none
--   --- end hover ---
--   done
-- On timeout or error: a message on stderr starting with "check.lua:" and exit status 1.
-- The client is stopped (shutdown + exit, SIGTERM as a last resort) before quitting either way.

local out, err = io.stdout, io.stderr
local timeout = tonumber(os.getenv('TCPFSM_TIMEOUT_MS') or '') or 10000
local buf = vim.api.nvim_get_current_buf()
local client_id
local exited = false

-- Expected failures carry a plain message; anything else gets a traceback.
local function die(msg) error({ msg = msg }) end

local function stop_client()
  if not client_id or exited then return end
  local client = vim.lsp.get_client_by_id(client_id)
  if client then
    client.stop()                       -- shutdown request, then the exit notification
    if not vim.wait(3000, function() return exited end, 20) then
      client.stop(true)                 -- SIGTERM
      vim.wait(2000, function() return exited end, 20)
    end
  end
end

local function fail(msg)
  out:flush()
  err:write('check.lua: ' .. msg .. '\n')
  err:flush()
  pcall(stop_client)
  vim.cmd('cquit! 1')
end

local function main()
  local server = os.getenv('TCPFSM_SERVER')
  if not server or server == '' then die('TCPFSM_SERVER is not set (path of dist/server.js)') end
  if vim.fn.filereadable(server) ~= 1 then die('server bundle not found: ' .. server) end
  local fname = vim.api.nvim_buf_get_name(buf)
  if fname == '' then die('no file given: pass the .tcpfsm file on the nvim command line') end
  local uri = vim.uri_from_bufnr(buf)

  local published = false
  local init_error
  client_id = vim.lsp.start_client({
    name = 'tcpfsm',
    cmd = { os.getenv('TCPFSM_NODE') or 'node', server, '--stdio' },
    root_dir = vim.fn.fnamemodify(fname, ':p:h'),
    get_language_id = function() return 'tcpfsm' end,  -- -u NONE: no filetype detection
    handlers = {
      -- Let the default handler fill vim.diagnostic, but also note that this file's
      -- publication arrived: an empty list is an answer too, and must not look like a timeout.
      ['textDocument/publishDiagnostics'] = function(e, result, ctx, config)
        vim.lsp.diagnostic.on_publish_diagnostics(e, result, ctx, config)
        if result and result.uri == uri then published = true end
      end,
    },
    on_error = function(code, e) init_error = string.format('rpc error %s: %s', tostring(code), vim.inspect(e)) end,
    on_exit = function() exited = true end,
  })
  if not client_id then die('vim.lsp.start_client failed for ' .. server) end
  local client = vim.lsp.get_client_by_id(client_id)
  out:write('server-pid ' .. tostring(client.rpc.pid) .. '\n')
  out:write('fileformat ' .. vim.bo[buf].fileformat .. '\n')

  -- buf_attach_client sends didOpen once the client is initialized.
  if not vim.lsp.buf_attach_client(buf, client_id) then die('vim.lsp.buf_attach_client failed') end

  local ok = vim.wait(timeout, function() return published or exited or init_error ~= nil end, 20)
  if init_error then die(init_error) end
  if exited then die('the language server exited before publishing diagnostics') end
  if not ok then
    die(string.format('timed out after %d ms waiting for diagnostics (server initialized: %s)',
      timeout, tostring(client.initialized == true)))
  end

  local diags = vim.diagnostic.get(buf)
  table.sort(diags, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    return a.col < b.col
  end)
  out:write('diagnostics ' .. #diags .. '\n')
  for _, d in ipairs(diags) do
    -- 0.7.2 copies the LSP code to d.code and (deprecated) d.user_data.lsp.code.
    local code = d.code
    if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
    out:write(string.format('%s@%d:%d\n', tostring(code), d.lnum + 1, d.col + 1))
  end

  for spec in string.gmatch(os.getenv('TCPFSM_HOVER') or '', '[^;]+') do
    local line, col = spec:match('^%s*(%d+):(%d+)%s*$')
    if not line then die('bad TCPFSM_HOVER entry "' .. spec .. '" (want 0-based line:col)') end
    local params = {
      textDocument = { uri = uri },
      position = { line = tonumber(line), character = tonumber(col) },
    }
    local responses, req_err = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, timeout)
    if not responses then die('hover ' .. spec .. ' failed: ' .. tostring(req_err)) end
    local response = responses[client_id]
    if not response then die('hover ' .. spec .. ': no response from the tcpfsm client') end
    if response.err or response.error then
      die('hover ' .. spec .. ' error: ' .. vim.inspect(response.err or response.error))
    end
    local result = response.result
    local range = '-'
    if type(result) == 'table' and type(result.range) == 'table' then
      local r = result.range
      range = string.format('%d:%d-%d:%d', r.start.line, r.start.character, r['end'].line, r['end'].character)
    end
    out:write('--- hover ' .. line .. ':' .. col .. ' range ' .. range .. ' ---\n')
    if result == nil or result == vim.NIL then
      out:write('<null>\n')
    else
      local contents = result.contents
      local value
      if type(contents) == 'table' and contents.value then
        value = contents.value
      elseif type(contents) == 'string' then
        value = contents
      else
        value = table.concat(vim.lsp.util.convert_input_to_markdown_lines(contents), '\n')
      end
      out:write(value, '\n')
    end
    out:write('--- end hover ---\n')
  end
end

local ok, e = xpcall(main, function(x)
  if type(x) == 'table' and x.msg then return x.msg end
  return debug.traceback(tostring(x))
end)
if not ok then
  fail(e)
else
  stop_client()
  if not exited then
    fail('the language server did not exit after shutdown/exit and SIGTERM')
  else
    out:write('done\n')
    out:flush()
    vim.cmd('qall!')
  end
end
