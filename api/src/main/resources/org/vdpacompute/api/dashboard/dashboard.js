'use strict';
/*
 * vdpa-compute dashboard: plain JavaScript over the cloud's own APIs, nothing else.
 *
 * Design. Logging in is the identity API's password login; the token is kept in sessionStorage (gone
 * with the tab, never a cookie, so no other site's request carries it) and sent as X-Auth-Token on
 * every call; logging out revokes it. The APIs decide what a user sees: an administrator gets every
 * host's devices, a member only its own servers, and the page asks only for what the role may read.
 * Each view is a function that fetches what it shows and returns a fresh DOM tree; the current
 * view is fetched again every two seconds, so a boot shows within seconds. Everything from the APIs
 * goes into the page as text (textContent through el()), never as HTML.
 */
(function () {
  const TOKEN_KEY = 'vdpa-compute.session';
  const REFRESH_MS = 2000;
  const COMPUTE = '/compute/v2.1';
  const NETWORK = '/networking/v2.0';

  let session = null;
  let timer = null;
  let generation = 0;

  const $ = (id) => document.getElementById(id);
  const enc = encodeURIComponent;

  /** An element with attributes and children; strings become text nodes, null and false are left out. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : String(c));
    }
    return e;
  }

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  /** The message of an OpenStack error body, whatever the service's shape. */
  function errorMessage(json) {
    if (!json || typeof json !== 'object') return null;
    for (const v of Object.values(json)) {
      if (v && typeof v === 'object' && typeof v.message === 'string') return v.message;
    }
    return null;
  }

  async function api(method, path, body, headers) {
    const h = Object.assign({Accept: 'application/json'}, headers || {});
    if (session) h['X-Auth-Token'] = session.token;
    if (body !== undefined) h['Content-Type'] = 'application/json';
    const r = await fetch(path, {
      method, headers: h, credentials: 'omit', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (e) {
      json = null;
    }
    if (r.status === 401 && session) {
      ended('Your session has ended; log in again.');
      throw new ApiError(401, 'Your session has ended.');
    }
    if (!r.ok) throw new ApiError(r.status, errorMessage(json) || (r.status + ' ' + r.statusText));
    return {json, response: r};
  }

  function setStatus(text, isError) {
    const s = $('status');
    s.textContent = text;
    s.className = isError ? 'status error' : 'status';
  }

  // --- session -------------------------------------------------------------------------------

  async function login(event) {
    event.preventDefault();
    const f = event.target;
    $('login-error').textContent = '';
    const body = {auth: {
      identity: {methods: ['password'], password: {user: {name: f.username.value, domain: {name: 'Default'},
        password: f.password.value}}},
      scope: {project: {name: f.project.value, domain: {name: 'Default'}}}}};
    try {
      const {json, response} = await api('POST', '/identity/v3/auth/tokens', body);
      const roles = (json.token.roles || []).map((r) => r.name);
      session = {token: response.headers.get('X-Subject-Token'), user: json.token.user.name,
        project: json.token.project.name, admin: roles.includes('admin')};
      sessionStorage.setItem(TOKEN_KEY, JSON.stringify(session));
      f.password.value = '';
      showApp();
    } catch (e) {
      $('login-error').textContent = e.message;
    }
  }

  async function logout() {
    const token = session && session.token;
    try {
      if (token) await api('DELETE', '/identity/v3/auth/tokens', undefined, {'X-Subject-Token': token});
    } catch (e) {
      // Expired or revoked already: either way it no longer works.
    }
    ended('Logged out.');
  }

  /** Forgets the session and shows the login form. */
  function ended(message) {
    session = null;
    generation++;
    clearTimeout(timer);
    sessionStorage.removeItem(TOKEN_KEY);
    $('nav').hidden = true;
    $('who').hidden = true;
    $('view').replaceChildren();
    $('login').hidden = false;
    setStatus(message || '');
  }

  function showApp() {
    $('login').hidden = true;
    $('nav').hidden = false;
    $('who').hidden = false;
    $('who-name').textContent = session.user + ' in ' + session.project + (session.admin ? ' (admin)' : '');
    $('nav-hosts').hidden = !session.admin;
    $('nav-explain').hidden = !session.admin;
    render(true);
  }

  // --- views ---------------------------------------------------------------------------------

  function route() {
    const hash = location.hash || '#/';
    const server = hash.match(/^#\/servers\/([^/]+)$/);
    if (server) return {name: 'server', id: decodeURIComponent(server[1])};
    if (hash === '#/servers') return {name: 'servers'};
    if (hash === '#/explain' && session.admin) return {name: 'explain'};
    return {name: session.admin ? 'hosts' : 'servers'};
  }

  /** Shows the current view; views that show state are fetched again every two seconds. */
  async function render(fresh) {
    clearTimeout(timer);
    const mine = ++generation;
    const r = route();
    for (const a of document.querySelectorAll('#nav a')) {
      a.classList.toggle('current', a.id === 'nav-' + (r.name === 'server' ? 'servers' : r.name));
    }
    if (r.name === 'explain') {
      // A form: fetched once, so that what the user picks is not thrown away.
      if (!fresh) return;
      try {
        $('view').replaceChildren(await explainView());
        setStatus('');
      } catch (e) {
        if (mine === generation && e.status !== 401) setStatus('Could not load the form: ' + e.message, true);
      }
      return;
    }
    try {
      const node = await VIEWS[r.name](r);
      if (mine !== generation) return;
      $('view').replaceChildren(node);
      setStatus('Updated at ' + new Date().toLocaleTimeString() + '; refreshed every 2 s.');
    } catch (e) {
      if (mine !== generation || e.status === 401) return;
      setStatus('Could not refresh: ' + e.message, true);
    }
    if (session && mine === generation) timer = setTimeout(() => render(false), REFRESH_MS);
  }

  const VIEWS = {hosts: hostsView, servers: serversView, server: serverView};

  /** Every host with its state, its vDPA support, its devices counted by type and its PF -> VF -> vDPA tree. */
  async function hostsView() {
    const [hypervisors, devices, servers, ports] = await Promise.all([
      api('GET', COMPUTE + '/os-hypervisors/detail'),
      api('GET', COMPUTE + '/os-pci-devices'),
      api('GET', COMPUTE + '/servers/detail?all_tenants=1'),
      api('GET', NETWORK + '/ports')]);
    const names = new Map(servers.json.servers.map((s) => [s.id, s.name]));
    const portAt = portsBySlot(ports.json.ports);
    const byHost = new Map();
    for (const d of devices.json.pci_devices) {
      if (!byHost.has(d.host)) byHost.set(d.host, []);
      byHost.get(d.host).push(d);
    }
    const hosts = hypervisors.json.hypervisors.slice()
      .sort((a, b) => a.hypervisor_hostname.localeCompare(b.hypervisor_hostname));
    if (hosts.length === 0) return el('p', {class: 'muted'}, 'No compute host has registered yet.');
    return el('div', {class: 'hosts'},
      hosts.map((h) => hostCard(h, byHost.get(h.hypervisor_hostname) || [], names, portAt)));
  }

  /** Host and PCI address to the port bound there, from each port's binding:profile pci_slot. */
  function portsBySlot(ports) {
    const at = new Map();
    for (const p of ports) {
      const slot = p['binding:profile'] && p['binding:profile'].pci_slot;
      if (slot && p['binding:host_id']) at.set(p['binding:host_id'] + '/' + slot, p);
    }
    return at;
  }

  function hostCard(h, devices, names, portAt) {
    const host = h.hypervisor_hostname;
    const vdpa = h.vdpa || {};
    const disabledReason = h.service && h.service.disabled_reason;
    return el('article', {class: 'host', 'data-host': host},
      el('h2', {},
        el('span', {class: 'name'}, host),
        el('span', {class: 'badge ' + h.state, 'data-state': h.state}, h.state),
        el('span', {class: 'badge ' + h.status, 'data-status': h.status}, h.status),
        el('span', {class: 'badge ' + (vdpa.supported ? 'supported' : 'unsupported')},
          vdpa.supported ? 'vDPA supported' : 'no vDPA')),
      h.status === 'disabled' ? el('p', {class: 'why', 'data-why': 'disabled'},
        'Disabled: ' + (disabledReason || 'no reason given')) : null,
      vdpa.supported ? null : el('p', {class: 'why', 'data-why': 'vdpa'}, 'vDPA not supported: ' + (vdpa.reason || 'not said')),
      el('p', {class: 'why muted'}, 'libvirt ' + vdpa.libvirt_version + ', QEMU ' + vdpa.qemu_version + ', kernel '
        + vdpa.kernel_version + '; ' + h.vcpus_used + ' of ' + h.vcpus + ' vCPUs, ' + h.memory_mb_used + ' of '
        + h.memory_mb + ' MB used'),
      counts(devices),
      devices.length === 0 ? el('p', {class: 'muted'}, 'No whitelisted PCI device.') : tree(host, devices, names, portAt));
  }

  const TYPE_ORDER = ['type-PF', 'type-VF', 'vdpa', 'type-PCI'];

  /** Free, used and blocked devices of each type. */
  function counts(devices) {
    const rows = new Map();
    for (const d of devices) {
      if (d.status === 'removed') continue;
      if (!rows.has(d.dev_type)) rows.set(d.dev_type, {free: 0, used: 0, blocked: 0});
      const r = rows.get(d.dev_type);
      if (d.status === 'available') r.free++;
      else if (d.status === 'claimed' || d.status === 'allocated') r.used++;
      else r.blocked++;
    }
    const types = [...rows.keys()].sort((a, b) => TYPE_ORDER.indexOf(a) - TYPE_ORDER.indexOf(b));
    return el('table', {class: 'counts'},
      el('thead', {}, el('tr', {}, el('th', {}, 'type'), el('th', {}, 'free'), el('th', {}, 'used'),
        el('th', {}, 'blocked by a relative'))),
      el('tbody', {}, types.map((t) => el('tr', {'data-type': t}, el('td', {}, t),
        el('td', {class: 'free'}, rows.get(t).free), el('td', {class: 'used'}, rows.get(t).used),
        el('td', {}, rows.get(t).blocked)))));
  }

  /** PFs with their VFs under them, each VF with its vDPA device under it; devices without a PF at the top. */
  function tree(host, devices, names, portAt) {
    const addresses = new Set(devices.map((d) => d.address));
    const children = new Map();
    for (const d of devices) {
      if (d.parent_addr && addresses.has(d.parent_addr)) {
        if (!children.has(d.parent_addr)) children.set(d.parent_addr, []);
        children.get(d.parent_addr).push(d);
      }
    }
    const item = (d) => {
      const kids = (children.get(d.address) || []).map(item);
      if (d.vdpa_path) {
        kids.unshift(el('li', {class: 'vdpa'}, el('span', {class: 'muted'}, 'vDPA device '),
          el('span', {class: 'address'}, d.vdpa_path)));
      }
      return el('li', {}, deviceRow(host, d, names, portAt), kids.length ? el('ul', {}, kids) : null);
    };
    const roots = devices.filter((d) => !(d.parent_addr && addresses.has(d.parent_addr)));
    return el('ul', {class: 'tree'}, roots.map(item));
  }

  function deviceRow(host, d, names, portAt) {
    const holder = [];
    if (d.instance_uuid) {
      holder.push(el('a', {class: 'server', href: '#/servers/' + enc(d.instance_uuid)},
        names.get(d.instance_uuid) || d.instance_uuid));
      const port = portAt.get(host + '/' + d.address);
      if (port) holder.push(el('span', {class: 'port'}, 'port ' + (port.name || port.id)));
    }
    const type = d.dev_type === 'type-PF' ? 'PF' : d.dev_type === 'type-PCI' ? 'PCI' : 'VF';
    return el('div', {class: 'device status-' + d.status, 'data-address': d.address, 'data-status': d.status},
      el('span', {class: 'dot'}),
      el('span', {class: 'address'}, d.address),
      el('span', {class: 'type'}, type + (d.dev_type === 'vdpa' ? ' (vdpa)' : '')),
      el('span', {class: 'state'}, d.status),
      d.physical_network ? el('span', {class: 'muted'}, d.physical_network) : null,
      d.numa_node === null || d.numa_node === undefined ? null : el('span', {class: 'muted'}, 'NUMA ' + d.numa_node),
      holder);
  }

  /** The servers the user may see, with their ports and the devices those are bound to. */
  async function serversView() {
    const [servers, ports] = await Promise.all([
      api('GET', COMPUTE + '/servers/detail' + (session.admin ? '?all_tenants=1' : '')),
      api('GET', NETWORK + '/ports')]);
    const portsOf = new Map();
    for (const p of ports.json.ports) {
      if (!p.device_id) continue;
      if (!portsOf.has(p.device_id)) portsOf.set(p.device_id, []);
      portsOf.get(p.device_id).push(p);
    }
    const list = servers.json.servers;
    return el('div', {},
      session.admin ? null : el('p', {class: 'muted'},
        'Hosts and their devices are shown to administrators; here are your project\'s servers.'),
      list.length === 0 ? el('p', {class: 'muted'}, 'No servers.') : el('table', {class: 'servers'},
        el('thead', {}, el('tr', {}, ['server', 'status', session.admin ? 'host' : null, 'ports and devices']
          .filter((c) => c).map((c) => el('th', {}, c)))),
        el('tbody', {}, list.map((s) => el('tr', {'data-server': s.id},
          el('td', {}, el('a', {href: '#/servers/' + enc(s.id)}, s.name)),
          el('td', {class: 'server-status'}, s.status),
          session.admin ? el('td', {}, s['OS-EXT-SRV-ATTR:host'] || '') : null,
          el('td', {}, (portsOf.get(s.id) || []).map(portLine)))))));
  }

  function portLine(p) {
    const profile = p['binding:profile'] || {};
    return el('div', {class: 'port', 'data-port': p.id},
      (p.name || p.id) + ' (' + p['binding:vnic_type'] + ')',
      profile.pci_slot ? ' on ' + (p['binding:host_id'] || '?') + ' ' + profile.pci_slot : '',
      profile.physical_network ? ' [' + profile.physical_network + ']' : '');
  }

  /** One server: its state and fault, its ports, the devices it holds, and what was asked of it. */
  async function serverView(r) {
    const server = (await api('GET', COMPUTE + '/servers/' + enc(r.id))).json.server;
    const host = server['OS-EXT-SRV-ATTR:host'];
    const [ports, actions, devices] = await Promise.all([
      api('GET', NETWORK + '/ports?device_id=' + enc(server.id)),
      api('GET', COMPUTE + '/servers/' + enc(server.id) + '/os-instance-actions'),
      session.admin && host ? api('GET', COMPUTE + '/os-pci-devices?host=' + enc(host)) : null]);
    const held = devices ? devices.json.pci_devices.filter((d) => d.instance_uuid === server.id) : [];
    const details = await Promise.all(actions.json.instanceActions.map((a) =>
      api('GET', COMPUTE + '/servers/' + enc(server.id) + '/os-instance-actions/' + enc(a.request_id))));
    const fault = server.fault;
    return el('div', {class: 'server-page', 'data-server': server.id},
      el('h2', {}, server.name),
      el('table', {}, el('tbody', {},
        el('tr', {}, el('th', {}, 'id'), el('td', {class: 'address'}, server.id)),
        el('tr', {}, el('th', {}, 'status'), el('td', {class: 'server-status'}, server.status)),
        host ? el('tr', {}, el('th', {}, 'host'), el('td', {}, host)) : null,
        el('tr', {}, el('th', {}, 'flavor'), el('td', {}, server.flavor && (server.flavor.original_name || server.flavor.id))))),
      fault ? el('div', {class: 'fault'}, el('p', {class: 'error'}, fault.message),
        fault.details ? el('pre', {class: 'details'}, fault.details) : null) : null,
      el('h3', {}, 'Ports'),
      ports.json.ports.length === 0 ? el('p', {class: 'muted'}, 'No ports.') : el('div', {}, ports.json.ports.map(portLine)),
      session.admin ? el('h3', {}, 'Devices') : null,
      session.admin ? (held.length === 0 ? el('p', {class: 'muted'}, 'No PCI devices.')
        : el('ul', {class: 'tree'}, held.map((d) => el('li', {}, deviceRow(host, d, new Map([[server.id, server.name]]),
          portsBySlot(ports.json.ports)))))) : null,
      el('h3', {}, 'Actions and events'),
      el('table', {class: 'actions'},
        el('thead', {}, el('tr', {}, ['action', 'request', 'started', 'event', 'result'].map((c) => el('th', {}, c)))),
        el('tbody', {}, details.map((d) => {
          const a = d.json.instanceAction;
          const events = a.events.length ? a.events : [{event: '', result: a.message || ''}];
          return events.map((e, i) => el('tr', {},
            el('td', {}, i === 0 ? a.action : ''), el('td', {class: 'address'}, i === 0 ? a.request_id : ''),
            el('td', {}, i === 0 ? a.start_time : ''), el('td', {}, e.event),
            el('td', {}, e.result || '', e.traceback ? el('pre', {class: 'details'}, e.traceback) : null)));
        }))));
  }

  /** The scheduling explanation as a form: a flavor, ports and networks, and every host's verdict. */
  async function explainView() {
    const [flavors, ports, networks] = await Promise.all([
      api('GET', COMPUTE + '/flavors/detail'), api('GET', NETWORK + '/ports'), api('GET', NETWORK + '/networks')]);
    const free = ports.json.ports.filter((p) => !p.device_id);
    const result = el('div', {id: 'explanation'});
    const form = el('form', {class: 'explain', id: 'explain-form'},
      el('label', {}, 'Flavor', el('select', {name: 'flavor'}, flavors.json.flavors.map((f) =>
        el('option', {value: f.id}, f.name + ' (' + f.vcpus + ' vCPUs, ' + f.ram + ' MB)')))),
      el('fieldset', {}, el('legend', {}, 'Ports (not yet in use)'),
        free.length === 0 ? el('p', {class: 'muted'}, 'No free port.') : el('div', {class: 'choices'}, free.map((p) =>
          el('label', {}, el('input', {type: 'checkbox', name: 'port', value: p.id}),
            ' ' + (p.name || p.id) + ' (' + p['binding:vnic_type'] + ')')))),
      el('fieldset', {}, el('legend', {}, 'Networks (a normal port made on each)'),
        el('div', {class: 'choices'}, networks.json.networks.map((n) =>
          el('label', {}, el('input', {type: 'checkbox', name: 'network', value: n.id}),
            ' ' + n.name + (n['provider:physical_network'] ? ' (' + n['provider:physical_network'] + ')' : ''))))),
      el('button', {type: 'submit'}, 'Explain'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      explain(form, result);
    });
    return el('div', {}, el('h2', {}, 'Why not this host?'),
      el('p', {class: 'muted'}, 'For each host: would a server of this flavor with these ports fit, and if not, which '
        + 'filter refuses it and why. Nothing is created.'), form, result);
  }

  async function explain(form, result) {
    const networks = [];
    for (const c of form.querySelectorAll('input[name=port]:checked')) networks.push({port: c.value});
    for (const c of form.querySelectorAll('input[name=network]:checked')) networks.push({uuid: c.value});
    try {
      const e = (await api('POST', COMPUTE + '/os-scheduling-explain',
        {server: {flavorRef: form.flavor.value, networks}})).json.scheduling_explanation;
      result.replaceChildren(
        el('p', {class: e.fits ? 'fits-yes' : 'fits-no', id: 'explain-message'}, e.message),
        el('table', {class: 'verdicts'},
          el('thead', {}, el('tr', {}, ['host', 'candidate', 'fits', 'filter', 'why'].map((c) => el('th', {}, c)))),
          el('tbody', {}, e.hosts.map((h) => el('tr', {'data-host': h.host},
            el('td', {}, h.host), el('td', {}, h.candidate ? 'yes' : 'no'),
            el('td', {class: h.fits ? 'fits-yes' : 'fits-no'}, h.fits ? 'yes' : 'no'),
            el('td', {}, h.filter || ''), el('td', {class: 'reason'}, h.reason || ''))))));
    } catch (err) {
      if (err.status !== 401) result.replaceChildren(el('p', {class: 'error', id: 'explain-message'}, err.message));
    }
  }

  // --- start ---------------------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', () => {
    $('login').addEventListener('submit', login);
    $('logout').addEventListener('click', logout);
    window.addEventListener('hashchange', () => {
      if (session) render(true);
    });
    try {
      session = JSON.parse(sessionStorage.getItem(TOKEN_KEY));
    } catch (e) {
      session = null;
    }
    if (session && session.token) showApp();
    else ended('');
  });
}());
