// Every page, grouped by area. Each view is imported lazily so the bundle splits by area:
// the login and not-found pages never download admin or chart code. A page joins the side
// menu through `meta.menu`; later pages (statistics form, materials, dashboard) slot in here.

import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '@/api/types'
import type { MessageKey } from '@/i18n/catalogue'

export interface MenuMeta {
  title: string
  icon: string
  order: number
  /** roles that see the menu entry (defaults to meta.roles) */
  roles?: Role[]
  /** only users whose unit has one of these types (a district reviews its children) */
  orgTypes?: string[]
}

declare module 'vue-router' {
  interface RouteMeta {
    /** reachable without logging in */
    public?: boolean
    /** a visitor's page: follows the visitor's language (i18n/catalogue.ts) */
    titleKey?: MessageKey
    /** roles allowed; others see the not-found page */
    roles?: Role[]
    title?: string
    menu?: MenuMeta
  }
}

const ORGANIZER: Role[] = ['admin', 'reviewer']
const ADMIN: Role[] = ['admin']
const REPORT_TAB = ':tab(form|materials|history|activities)?'
// One report page serves the unit filling it in and the people reviewing it.
const ReportView = () => import('@/views/unit/ReportView.vue')
const DashboardView = () => import('@/views/organizer/DashboardView.vue')
// One activity page serves the unit running it and the organizer reviewing it.
const ActivityView = () => import('@/views/unit/ActivityView.vue')
const ActivityEditView = () => import('@/views/unit/ActivityEditView.vue')

const publicRoutes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/public/LoginView.vue'),
    meta: { public: true, title: '登录' },
  },
  // The visitor's pages: no login, phone first; they share nothing with the staff areas. The
  // server's ticket_url is /p/tickets/{code}, hence the /p/ aliases.
  {
    path: '/events',
    alias: '/p/events',
    name: 'public-calendar',
    component: () => import('@/views/public/CalendarView.vue'),
    meta: { public: true, title: '科技周活动日历', titleKey: 'title.calendar' },
  },
  {
    path: '/events/:id(\\d+)',
    alias: '/p/events/:id(\\d+)',
    name: 'public-activity',
    component: () => import('@/views/public/ActivityPublicView.vue'),
    meta: { public: true, title: '活动详情', titleKey: 'title.activity' },
  },
  {
    path: '/events/:id(\\d+)/poster',
    name: 'public-poster',
    component: () => import('@/views/public/PosterView.vue'),
    meta: { public: true, title: '活动海报', titleKey: 'title.poster' },
  },
  {
    path: '/tickets',
    alias: '/p/tickets',
    name: 'public-tickets',
    component: () => import('@/views/public/MyTicketsView.vue'),
    meta: { public: true, title: '我的预约', titleKey: 'title.tickets' },
  },
  {
    path: '/tickets/:code',
    alias: '/p/tickets/:code',
    name: 'public-ticket',
    component: () => import('@/views/public/TicketView.vue'),
    meta: { public: true, title: '预约凭证', titleKey: 'title.ticket' },
  },
  {
    path: '/institutions',
    alias: '/p/institutions',
    name: 'public-institutions',
    component: () => import('@/views/public/InstitutionsView.vue'),
    meta: { public: true, title: '开放单位', titleKey: 'title.institutions' },
  },
]

const organizerRoutes: RouteRecordRaw[] = [
  {
    path: 'organizer',
    name: 'organizer-home',
    component: () => import('@/views/organizer/OrganizerHomeView.vue'),
    meta: { roles: ORGANIZER, title: '工作台', menu: { title: '工作台', icon: 'House', order: 10 } },
  },
  {
    path: 'organizer/dashboard',
    name: 'organizer-dashboard',
    component: DashboardView,
    meta: { roles: ORGANIZER, title: '报送统计', menu: { title: '报送统计', icon: 'DataAnalysis', order: 15 } },
  },
  {
    path: `organizer/reports/:year(\\d+)/:org/${REPORT_TAB}`,
    name: 'organizer-report',
    component: ReportView,
    meta: { roles: ORGANIZER, title: '单位报表' },
  },
  {
    path: 'organizer/activities',
    name: 'organizer-activities',
    component: () => import('@/views/organizer/ActivityQueueView.vue'),
    meta: { roles: ORGANIZER, title: '活动审核', menu: { title: '活动审核', icon: 'Calendar', order: 17 } },
  },
  {
    path: 'organizer/activities/new',
    name: 'organizer-activity-new',
    component: ActivityEditView,
    meta: { roles: ADMIN, title: '新建活动' },
  },
  {
    path: 'organizer/activities/:id(\\d+)',
    name: 'organizer-activity',
    component: ActivityView,
    meta: { roles: ORGANIZER, title: '活动' },
  },
  {
    path: 'organizer/activities/:id(\\d+)/edit',
    name: 'organizer-activity-edit',
    component: ActivityEditView,
    meta: { roles: ADMIN, title: '编辑活动' },
  },
  {
    path: 'organizer/orgs',
    name: 'organizer-orgs',
    component: () => import('@/views/organizer/OrgsBrowseView.vue'),
    meta: {
      roles: ORGANIZER,
      title: '单位',
      menu: { title: '单位', icon: 'OfficeBuilding', order: 20, roles: ['reviewer'] },
    },
  },
]

const unitRoutes: RouteRecordRaw[] = [
  {
    path: 'unit',
    name: 'unit-home',
    component: () => import('@/views/unit/UnitHomeView.vue'),
    meta: { roles: ['reporter'], title: '本单位工作台', menu: { title: '本单位工作台', icon: 'House', order: 10 } },
  },
  {
    path: `unit/reports/:year(\\d+)/:org/${REPORT_TAB}`,
    name: 'unit-report',
    component: ReportView,
    meta: { roles: ['reporter'], title: '统计报送' },
  },
  {
    path: 'unit/activities',
    name: 'unit-activities',
    component: () => import('@/views/unit/ActivitiesView.vue'),
    meta: { roles: ['reporter'], title: '活动管理', menu: { title: '活动管理', icon: 'Calendar', order: 15 } },
  },
  {
    path: 'unit/activities/new',
    name: 'unit-activity-new',
    component: ActivityEditView,
    meta: { roles: ['reporter'], title: '新建活动' },
  },
  {
    path: 'unit/activities/:id(\\d+)',
    name: 'unit-activity',
    component: ActivityView,
    meta: { roles: ['reporter'], title: '活动' },
  },
  {
    path: 'unit/activities/:id(\\d+)/edit',
    name: 'unit-activity-edit',
    component: ActivityEditView,
    meta: { roles: ['reporter'], title: '编辑活动' },
  },
  {
    path: 'unit/district',
    name: 'unit-district',
    component: DashboardView,
    meta: {
      roles: ['reporter'],
      title: '辖区报送',
      menu: { title: '辖区报送', icon: 'DataAnalysis', order: 20, orgTypes: ['district'] },
    },
  },
]

const checkinRoutes: RouteRecordRaw[] = [
  {
    path: 'checkin',
    name: 'checkin-home',
    component: () => import('@/views/checkin/CheckinHomeView.vue'),
    meta: { roles: ['checkin'], title: '签到', menu: { title: '签到', icon: 'House', order: 10 } },
  },
  {
    // Venue staff, and a unit's own reporters on the day of their activity.
    path: 'checkin/desk',
    name: 'checkin-desk',
    component: () => import('@/views/checkin/CheckinDeskView.vue'),
    meta: {
      roles: ['checkin', 'reporter', 'admin'],
      title: '扫码签到',
      menu: { title: '扫码签到', icon: 'Checked', order: 18, roles: ['checkin', 'reporter'] },
    },
  },
]

const adminRoutes: RouteRecordRaw[] = [
  {
    path: 'admin/campaigns',
    name: 'admin-campaigns',
    component: () => import('@/views/admin/CampaignsView.vue'),
    meta: { roles: ADMIN, title: '活动季管理', menu: { title: '活动季管理', icon: 'Calendar', order: 30 } },
  },
  {
    path: 'admin/campaigns/:year(\\d+)/form',
    name: 'admin-form',
    component: () => import('@/views/admin/FormEditorView.vue'),
    meta: { roles: ADMIN, title: '统计表设计' },
  },
  {
    path: 'admin/orgs',
    name: 'admin-orgs',
    component: () => import('@/views/admin/OrgsView.vue'),
    meta: { roles: ADMIN, title: '单位管理', menu: { title: '单位管理', icon: 'OfficeBuilding', order: 40 } },
  },
  {
    path: 'admin/users',
    name: 'admin-users',
    component: () => import('@/views/admin/UsersView.vue'),
    meta: { roles: ADMIN, title: '用户管理', menu: { title: '用户管理', icon: 'User', order: 50 } },
  },
  {
    path: 'admin/audit',
    name: 'admin-audit',
    component: () => import('@/views/admin/AuditView.vue'),
    meta: { roles: ADMIN, title: '审计日志', menu: { title: '审计日志', icon: 'Document', order: 60 } },
  },
]

export const routes: RouteRecordRaw[] = [
  ...publicRoutes,
  {
    path: '/',
    component: () => import('@/components/layout/AppLayout.vue'),
    children: [
      // "/" sends each role to its home (see the guard); it renders nothing itself.
      { path: '', name: 'home', component: { render: () => null } },
      ...organizerRoutes,
      ...unitRoutes,
      ...checkinRoutes,
      ...adminRoutes,
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/public/NotFoundView.vue'),
    meta: { public: true, title: '页面不存在', titleKey: 'title.notFound' },
  },
]

export interface MenuItem {
  path: string
  title: string
  icon: string
  order: number
}

/** Side-menu entries for a role (and the type of the user's unit), from the routes' meta. */
export function menuFor(role: Role, orgType?: string | null): MenuItem[] {
  const layout = routes.find((r) => r.path === '/')
  const items: MenuItem[] = []
  for (const r of layout?.children ?? []) {
    const menu = r.meta?.menu
    if (!menu) continue
    const roles = menu.roles ?? r.meta?.roles ?? []
    if (!roles.includes(role)) continue
    if (menu.orgTypes && !menu.orgTypes.includes(orgType ?? '')) continue
    items.push({ path: `/${r.path}`, title: menu.title, icon: menu.icon, order: menu.order })
  }
  return items.sort((a, b) => a.order - b.order)
}
