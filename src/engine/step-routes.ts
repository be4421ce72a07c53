import { applyDecorators, Body, HttpCode, Param, Post, type PipeTransform, type Type } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Actor } from '../../machines';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrorResponses, type ErrorDoc, type ErrorStatus } from '../common/api-errors';
import { Meta, type RequestMeta } from '../common/request-meta';
import type { ActivityKind } from './activity';

/** How one step of an activity is offered over HTTP: `POST <controller's path>/:id/<path>`, answered 200. */
export interface StepRoute {
  path: string;
  summary: string;
  /** The step's input (its DTO, validated like any body), whether it must be sent, and what it says. */
  body: { type: Type; required: boolean; description: string };
  errors: Partial<Record<ErrorStatus, ErrorDoc>>;
}

/** What the generated routes share: the id's pipe and documentation, the answer's type, and the use case they call. */
export interface StepRoutesOf<TStep extends string, TController, TBody> {
  routes: Partial<Record<TStep, StepRoute>>;
  idPipe: PipeTransform;
  idDoc: MethodDecorator;
  answer: Type;
  take(controller: TController, id: string, step: TStep, body: TBody, actor: Actor, meta: RequestMeta): Promise<unknown>;
}

/** The routes an activity declares for its steps, by step. */
export function routesOf<TStep extends string>(kind: ActivityKind<TStep>): Partial<Record<TStep, StepRoute>> {
  return Object.fromEntries(
    (Object.entries(kind.steps) as Array<[TStep, ActivityKind<TStep>['steps'][TStep]]>).flatMap(([step, { route }]) => (route ? [[step, route]] : [])),
  ) as Partial<Record<TStep, StepRoute>>;
}

/**
 * Gives a controller one route per declared step: a method named after the step, with its route,
 * its documentation and its four parameters (the id, the validated body, the signed-in actor, the
 * request's facts), which it hands to `take`. A new step is an entry in the declaration, not a copied method.
 */
export function StepRoutes<TStep extends string, TController, TBody>(of: StepRoutesOf<TStep, TController, TBody>): ClassDecorator {
  return (target) => {
    for (const [step, route] of Object.entries(of.routes) as Array<[TStep, StepRoute]>) {
      const name = step.toLowerCase();
      const handler = function (this: TController, id: string, body: TBody, actor: Actor, meta: RequestMeta) {
        return of.take(this, id, step, body, actor, meta);
      };
      Object.defineProperty(handler, 'name', { value: name });
      Object.defineProperty(target.prototype, name, { value: handler, writable: true, configurable: true });
      // What TypeScript would emit for a written method: the validation pipe reads the body's type here.
      Reflect.defineMetadata('design:paramtypes', [String, route.body.type, Object, Object], target.prototype, name);
      Param('id', of.idPipe)(target.prototype, name, 0);
      Body()(target.prototype, name, 1);
      CurrentActor()(target.prototype, name, 2);
      Meta()(target.prototype, name, 3);
      const descriptor = Object.getOwnPropertyDescriptor(target.prototype, name)!;
      applyDecorators(
        Post(`:id/${route.path}`),
        HttpCode(200),
        ApiOperation({ summary: route.summary }),
        ApiOkResponse({ type: of.answer }),
        of.idDoc,
        ApiBody({ type: route.body.type, required: route.body.required, description: route.body.description }),
        ApiErrorResponses(route.errors),
      )(target.prototype, name, descriptor);
    }
  };
}
