import { All, Controller, NotFoundException, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsolePage } from './console-page.decorator';

/**
 * Every console address no page answers: the console's own "Not found" page, not the API's JSON.
 * Behind the sign-in like every page, so a visitor learns nothing of what exists. It must stay the
 * console module's last controller: Express tries routes in the order they are registered.
 */
@ApiExcludeController()
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
@Controller('console')
export class ConsoleNotFoundController {
  @All('{*path}')
  notFound(): never {
    throw new NotFoundException('There is no such page in the console. Check the address, or start again from My work.');
  }
}
