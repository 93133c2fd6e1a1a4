import { createRouter, createWebHistory, type Router } from 'vue-router'
import { useAuthStore } from '@/stores/auth'
import { homeFor, safeRedirect } from '@/utils/redirect'
import { appTitle } from '@/locales/zh-CN'
import { routes } from './routes'

export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHistory('/'),
    routes,
    scrollBehavior: () => ({ top: 0 }),
  })

  router.beforeEach(async (to) => {
    const auth = useAuthStore()
    await auth.ensureChecked()
    const user = auth.user

    if (to.meta.public) {
      if (to.name === 'login' && user) return safeRedirect(to.query.redirect) ?? homeFor(user.role)
      return true
    }
    if (!user) return { name: 'login', query: { redirect: to.fullPath }, replace: true }
    // Started offline with the desk's last user: only the desk works without the server.
    if (auth.fromCache && to.name !== 'checkin-desk') return { name: 'checkin-desk', replace: true }
    if (to.name === 'home') return { path: homeFor(user.role), replace: true }
    const roles = to.meta.roles
    if (roles && !roles.includes(user.role)) {
      // Same answer as an unknown address: the page never loads, its data is never asked for.
      return {
        name: 'not-found',
        params: { pathMatch: to.path.substring(1).split('/') },
        query: to.query,
        hash: to.hash,
        replace: true,
      }
    }
    return true
  })

  router.afterEach((to) => {
    if (to.meta.titleKey) return // App.vue titles the visitor's pages in their language
    document.title = to.meta.title ? `${to.meta.title} - ${appTitle}` : appTitle
  })

  return router
}
