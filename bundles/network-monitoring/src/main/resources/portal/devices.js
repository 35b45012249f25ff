// The devices page (plugin network_monitoring): every monitored device with its status, and its interfaces.

export default async function render(root, ctx, path) {
  const { h, mount } = ctx;
  if (path && path[0]) {
    const id = path[0];
    const [device, status] = await Promise.all([ctx.api('GET', `/network/devices/${encodeURIComponent(id)}`),
      ctx.api('GET', `/network/devices/${encodeURIComponent(id)}/status`)]);
    mount(root, h('p', h('a', { href: '#/devices' }, '← Devices')),
      h('h1', device.name),
      h('p', `${device.address}:${device.port} · ${status.status}${status.reason ? ` · ${status.reason}` : ''}`),
      h('table', h('caption.sr-only', 'Interfaces'),
        h('thead', h('tr', ['Interface', 'Status', 'In (bit/s)', 'Out (bit/s)'].map((c) => h('th', { scope: 'col' },
          c)))),
        h('tbody', (status.interfaces || []).map((i) => h('tr',
          h('td', { dataset: { label: 'Interface' } }, `${i.ifIndex} ${i.name || ''}`),
          h('td', { dataset: { label: 'Status' } }, i.status),
          h('td', { dataset: { label: 'In' } }, i.inBps ?? '—'),
          h('td', { dataset: { label: 'Out' } }, i.outBps ?? '—'))))));
    return;
  }
  const page = await ctx.api('GET', '/network/devices?limit=200');
  const rows = await Promise.all(page.items.map(async (d) => {
    let status = '…';
    try {
      status = (await ctx.api('GET', `/network/devices/${encodeURIComponent(d.id)}/status`)).status;
    } catch (e) {
      status = 'unknown';
    }
    return h('tr', { dataset: { device: d.id } },
      h('td', { dataset: { label: 'Name' } }, h('a', { href: `#/devices/${encodeURIComponent(d.id)}` }, d.name)),
      h('td', { dataset: { label: 'Address' } }, `${d.address}:${d.port}`),
      h('td', { dataset: { label: 'Site' } }, d.site || ''),
      h('td', { dataset: { label: 'Status' } }, status));
  }));
  mount(root, h('h1', 'Devices'),
    rows.length === 0 ? h('p.hint', 'No devices yet: add them with POST /api/v1/network/devices.') : h('table',
      h('caption.sr-only', 'Devices'),
      h('thead', h('tr', ['Name', 'Address', 'Site', 'Status'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', rows)));
}
